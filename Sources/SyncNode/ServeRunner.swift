import Dispatch
import FoundationEssentials
import Glibc
import Synchronization
import HTTPServer
import SyncCore
import Threads

/// `syncnode serve`: answers peers over HTTPS and, with `--sync-every`,
/// runs the federation sync on a schedule in the same process. SIGTERM and
/// SIGINT stop it gracefully: stop accepting, let the request or page in
/// progress commit (each is its own transaction), then return.
package final class ServeRunner: Sendable {
    let home: NodeHome
    let settings: ServeSettings
    let log: Logger
    package let metrics = Metrics()
    let stopping = Atomic<Bool>(false)
    let stopSignal = DispatchSemaphore(value: 0)
    /// The scheduler sleeps on its own semaphore: sharing `stopSignal` let it
    /// take the one stop signal, and `run` then never returned after SIGTERM.
    let wakeScheduler = DispatchSemaphore(value: 0)

    package init(home: NodeHome, settings: ServeSettings, log: Logger) {
        self.home = home
        self.settings = settings
        self.log = log
    }

    /// Starts the server; calls `ready` with the URL once it listens; blocks
    /// until SIGTERM/SIGINT (or `stop()`), then shuts down.
    package func run(ready: (String) -> Void) throws {
        do { try serve(ready: ready) } catch let e as HTTPServerError {
            switch e.code {
            case .unreadableFile: throw NodeError(.notFound, e.message)
            case .invalidConfiguration, .plainHTTPRefused: throw NodeError(.data, e.message)
            default: throw NodeError(.failure, e.message)
            }
        }
    }

    func serve(ready: (String) -> Void) throws {
        let node = try LocalNode.open(home: home, readOnly: false)
        if let actor = node.restoredAs {
            log.event("restore_detected", ["detail": "this store knows fewer of \(node.identity.name)'s writes than its home's write mark (restored from a backup): it now writes as \(actor), and its next sync pulls its lost revisions back from every peer"])
        }
        let key = try LocalNode.loadKey(home)
        let tls: HTTPServerTLS?
        if settings.plainHTTP {
            tls = nil
        } else {
            guard let cert = settings.certificateFile, let keyFile = settings.keyFile else {
                throw NodeError(.data, "HTTPS needs --cert FILE and --key FILE (plain HTTP only with --plain-http on a loopback address)")
            }
            tls = try HTTPServerTLS(certificateFile: cert, privateKeyFile: keyFile, clientCAFile: settings.clientCAFile)
        }
        var limits = HTTPServerLimits()
        limits.threadPoolSize = settings.threads
        limits.maxBodyBytes = 16 << 20
        let serverLog = log
        let config: HTTPServerConfiguration
        if let tls {
            config = HTTPServerConfiguration(host: settings.host, port: settings.port, tls: tls, limits: limits,
                                             log: { serverLog.event("http", ["detail": $0]) })
        } else {
            config = .plainHTTPOnLoopback(host: settings.host, port: settings.port, limits: limits,
                                          log: { serverLog.event("http", ["detail": $0]) })
        }
        // The public URL is needed before the port is known when it is 0: build the service lazily.
        let box = ServiceBox()
        let server = try HTTPServer(configuration: config, responder: box)
        let port = try server.start()
        let url = settings.publicURL ?? config.url(port: port)
        var service = ServiceSettings(publicURL: url)
        service.allowPublicPulls = settings.allowPublicPulls
        let api = try NodeService(home: home, identity: node.identity, key: key, settings: service, metrics: metrics, log: log)
        let web = settings.web ? WebService(home: home, nodeName: node.identity.name, baseURL: url, log: log) : nil
        box.set(NodeFront(api: api, web: web))
        var fields = ["node": node.identity.name, "url": url, "pid": String(getpid())]
        if web != nil { fields["web"] = service.publicURL + "/" }
        log.event("serving", fields)
        let signals = installSignalHandlers()
        ready(url)

        // Joined at the end, like the peer threads of each run it makes.
        var scheduler: JoinableThread?
        if let every = settings.syncEvery {
            let runner = SyncRunner(home: home, identity: node.identity, key: key, metrics: metrics, log: log)
            var scheduled = settings.syncOptions
            scheduled.respectBackoff = true
            scheduled.shouldStop = { [self] in stopping.load(ordering: .relaxed) }
            let options = scheduled
            let loop = { @Sendable [self] in
                while !stopping.load(ordering: .relaxed) {
                    do {
                        let lock = try RunLock(path: home.lockPath)
                        let reports = try runner.run(options, kind: "scheduled")
                        withExtendedLifetime(lock) {}
                        log.event("sync_run", ["peers": String(reports.count), "failed": String(reports.filter { !$0.ok }.count)])
                    } catch {
                        log.event("sync_run_failed", ["error": String(describing: error)])
                    }
                    let millis = every.components.seconds * 1000 + every.components.attoseconds / 1_000_000_000_000_000
                    _ = wakeScheduler.wait(timeout: .now() + .milliseconds(Int(max(1000, millis))))
                }
            }
            do {
                scheduler = try JoinableThread(loop)
            } catch {
                log.event("sync_run_failed", ["error": "the sync schedule cannot run: \(error)"])
            }
        }
        stopSignal.wait()
        stopping.store(true, ordering: .relaxed)
        wakeScheduler.signal()  // wake the scheduler if it sleeps
        log.event("stopping", ["reason": "signal"])
        server.stop()
        scheduler?.join()
        signals.forEach { $0.cancel() }
        log.event("stopped", [:])
    }

    /// Asks a running `run` to shut down.
    package func stop() {
        if !stopping.exchange(true, ordering: .relaxed) { stopSignal.signal() }
    }

    func installSignalHandlers() -> [DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in stop() }
            source.resume()
            return source
        }
    }
}
