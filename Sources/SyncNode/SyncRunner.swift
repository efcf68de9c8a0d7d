import Dispatch
import FoundationEssentials
import HTTPClient
import Synchronization
import SyncCore
import SyncCrypto
import SyncProtocol
import SyncStore
import Threads

/// Runs pull and/or push with several peers at once (bounded), each peer
/// independent: its own thread, store connection and HTTPS connection, its
/// own retries. One peer down or slow costs the others nothing beyond its
/// own timeouts. Records the run and each peer's outcome in the store.
package struct SyncRunner: Sendable {
    package let home: NodeHome
    package let identity: NodeIdentity
    let key: Ed25519PrivateKey
    package let metrics: Metrics?
    package let log: Logger

    package init(home: NodeHome, identity: NodeIdentity, key: Ed25519PrivateKey, metrics: Metrics? = nil, log: Logger) {
        self.home = home
        self.identity = identity
        self.key = key
        self.metrics = metrics
        self.log = log
    }

    /// Opens the node in its home: the runner, and the store connection
    /// that opening checked, for `run` to record the run with (a command's
    /// run opens and closes the store once, not twice). When the node has
    /// peers, libcurl starts loading on a thread of its own meanwhile:
    /// call `run` next (or `HTTPClient.finishLoadingLibrary`), which joins
    /// it. (A run whose peers all back off has loaded it for nothing.)
    /// - Parameter restored: told the node and its new actor when opening
    ///   found the store restored from a backup (see `WriteMark`).
    package static func forHome(_ home: NodeHome, metrics: Metrics? = nil, log: Logger,
                               restored: (String, String) -> Void = { _, _ in }) throws -> (runner: SyncRunner, store: Store) {
        // libcurl and its ~25 libraries load (about 4 ms) while the node
        // opens. libcrypto first, on this thread: a first use of it while
        // the other thread holds the dynamic loader would wait for it.
        let hasPeers = !((try? TrustStore.peerFileNames(in: home.peersPath)) ?? []).isEmpty
        if hasPeers && CryptoLibrary.load() == nil { HTTPClient.startLoadingLibrary() }
        do {
            let node = try LocalNode.open(home: home, readOnly: false)
            if let actor = node.restoredAs { restored(node.identity.name, actor) }
            // The key the node just loaded, not a second read and parse of its file.
            let runner = SyncRunner(home: home, identity: node.identity, key: try node.key ?? LocalNode.loadKey(home),
                                    metrics: metrics, log: log)
            return (runner, node.store)
        } catch {
            HTTPClient.finishLoadingLibrary()
            throw error
        }
    }

    /// Syncs with the selected peers; never throws for a peer's failure
    /// (that is in its report). Throws only when the run cannot start or its
    /// end cannot be recorded. Call holding the run lock (`RunLock`): runs
    /// left `running` by a dead process are marked `interrupted` first.
    /// - Parameter recorder: an open connection to the node's store to
    ///   record the run with (`forHome` gives one); nil opens one.
    package func run(_ options: SyncOptions, kind: String, recorder: Store? = nil,
                    progress: @escaping @Sendable (String, TransferReport) -> Void = { _, _ in }) throws -> [PeerRunReport] {
        // A load of libcurl begun ahead (`forHome`) has its thread joined
        // before the run returns, whatever happens.
        defer { HTTPClient.finishLoadingLibrary() }
        // One live view of peers/ for the run: a key that one peer's sync
        // adopts (rewriting its file) is seen by the others' syncs. It is
        // asked rarely (a refused page, a run's start), so it stamps the
        // files each time instead of watching them.
        let trustCache = try TrustCache(directory: home.peersPath, identity: identity, log: log, watch: false)
        let peers = try trustCache.current().select(options.peers)
        let recorder = try recorder ?? Store.open(at: home.storePath)
        for id in try RunHistory.repair(recorder, home: home) {
            log.event("run_interrupted", ["run": String(id)])
        }
        let runID = try recorder.beginRun(kind: kind, process: .current, now: WallClock.nowMillis())
        let results = Mutex([PeerRunReport?](repeating: nil, count: peers.count))
        let gate = DispatchSemaphore(value: max(1, options.concurrency))
        var threads: [JoinableThread] = []
        if peers.count == 1 {
            // One peer: synced on this thread, through the run's own
            // connection, then the store's only one, which a new node's
            // first pull needs (`Puller.pull`).
            let report = syncOne(peers[0], trust: trustCache, options: options, store: recorder, progress: progress)
            results.withLock { $0[0] = report }
        }
        for (i, peer) in peers.enumerated() where peers.count > 1 {
            gate.wait()
            let one = { @Sendable in
                let report = self.syncOne(peer, trust: trustCache, options: options, progress: progress)
                results.withLock { $0[i] = report }
                gate.signal()
            }
            do { threads.append(try JoinableThread(one)) } catch { one() }   // no thread to spare: this one syncs it
        }
        // Until each peer's thread has exited, not only reported: a thread's
        // OpenSSL state (its random generators) is freed as it exits, and the
        // process may exit as soon as this returns (docs/security.md, "Sanitizers").
        for thread in threads { thread.join() }
        let reports = results.withLock { $0.compactMap { $0 } }
        let outcome = reports.allSatisfy(\.ok) ? "ok" : (reports.contains(where: \.ok) ? "partial" : "failed")
        let peersJSON = JSONValue.array(reports.map(\.json)).text
        do {
            try recorder.finishRun(runID, outcome: outcome, reason: Self.reason(reports), peers: peersJSON, now: WallClock.nowMillis())
        } catch {
            // Never leave the row `running`: a shorter write may still fit;
            // if not, the next run marks it interrupted (its process is gone).
            let why = "its outcome (\(outcome)) could not be recorded: \(PeerError.localAdvice(error))"
            try? recorder.finishRun(runID, outcome: "failed", reason: why, peers: "[]", now: WallClock.nowMillis())
            throw NodeError(.failure, "the sync run ended but \(why)")
        }
        return reports
    }

    /// Why a run was not ok, peer by peer (at most a few named), or nil.
    static func reason(_ reports: [PeerRunReport]) -> String? {
        let failed = reports.filter { !$0.ok }
        guard !failed.isEmpty else { return nil }
        let shown = failed.prefix(3).map { "\($0.peer) \($0.status): \($0.error ?? "no reason recorded")" }
        let more = failed.count > shown.count ? "; and \(failed.count - shown.count) more peers" : ""
        return shown.joined(separator: "; ") + more
    }

    /// - Parameter open: a connection to the node's store to sync through;
    ///   nil opens one (each peer's thread has its own).
    func syncOne(_ configured: PeerConfig, trust trustCache: TrustCache, options: SyncOptions, store open: Store? = nil,
                 progress: @escaping @Sendable (String, TransferReport) -> Void) -> PeerRunReport {
        var peer = configured
        var trust = trustCache.current()
        var report = PeerRunReport(peer: peer.name, status: "failed", attempts: 0)
        let store: Store
        do { store = try open ?? Store.open(at: home.storePath) } catch {
            report.error = "cannot open the store: " + PeerError.localAdvice(error)
            report.cause = "local"
            return report
        }
        let now = WallClock.nowMillis()
        if options.respectBackoff, let state = try? store.peerState(peer.name), let due = state.nextAttempt, due > now,
           !peerFileChanged(peer.name, since: state.lastErrorAt) {
            report.status = "skipped"
            report.cause = "peer"
            report.nextAttempt = due
            report.error = "backing off after \(state.failures) failed runs (last error: \(state.lastError ?? "?")); next attempt in \((due - now) / 1000) s"
            return report
        }
        let started = Date()
        let clockStart = ContinuousClock.now
        var lastError: PeerError?
        /// One pull and/or push over `client`. A pull refused for a bad
        /// revision does not stop the push: the peer may still need what this
        /// node has.
        func transfer(with client: PeerClient, fromStart: Bool) throws {
            var refusedPull: PeerError?
            if options.pull {
                do {
                    var puller = Puller()
                    let key = self.key
                    puller.sign = { try key.sign(CanonicalEncoding.signingBytes(of: $0)) }
                    puller.currentTrust = { trustCache.current() }
                    report.pull = try puller.pull(from: client, into: store, selfName: identity.name, trust: trust,
                                                    fromStart: fromStart,
                                                    shouldStop: options.shouldStop) { progress(peer.name, $0) }
                } catch let e as PeerError {
                    report.pull = e.partial
                    if e.kind != .rejected || e.signedWithAnotherKey { throw e }
                    refusedPull = e
                }
                metrics?.increment("syncnode_revisions_applied_total", ["peer": peer.name], by: Double(report.pull?.applied ?? 0))
                if report.pull?.restoreDetected == true {
                    log.event("restore_detected", ["peer": peer.name, "detail": "\(peer.name) holds writes of this node that its store had lost (restored from a backup): pulling them back from every peer; new writes use a new epoch"])
                }
            }
            if options.push {
                do {
                    report.push = try Pusher().push(to: client, from: store, selfName: identity.name,
                                                    shouldStop: options.shouldStop) { progress(peer.name, $0) }
                    if report.push?.restoreDetected == true {
                        log.event("restore_detected", ["peer": peer.name, "detail": "\(peer.name) refused a write of this node as a reused counter (restored from a backup): the next pulls fetch this node's own revisions back from every peer; new writes use a new epoch"])
                    }
                } catch let e as PeerError {
                    report.push = e.partial
                    throw e
                }
            }
            if let refusedPull { throw refusedPull }
        }
        /// One attempt: a fresh connection, then the transfer.
        func attempt(_ number: Int) throws {
            // Peer files as they are now: another peer's sync in this run may
            // have adopted a rotated key whose revisions this peer relays.
            trust = trustCache.current()
            if let current = try? trust.peer(peer.name) { peer = current }
            var client = try PeerClient(peer: peer, identity: identity, key: key, trust: trust, timeouts: options.timeouts,
                                        clientCertificate: clientCertificate(for: peer))
            client.setDeadline(options.deadline, from: clockStart)
            /// Asks `/v1/node` for the peer's key (and head); when it
            /// rotated its key and the history leads from the trusted one,
            /// adopts it and returns a client that trusts it.
            func adoptingRotatedKey() throws -> PeerClient? {
                guard let adoption = try client.checkKey() else { return nil }
                peer = try adopt(adoption, for: peer)
                report.keyAdopted = adoption.newKey.keyID
                trust = trust.replacing(peer)
                let fresh = try PeerClient(peer: peer, identity: identity, key: key, trust: trust, timeouts: options.timeouts,
                                           clientCertificate: clientCertificate(for: peer))
                fresh.setDeadline(options.deadline, from: clockStart)
                return fresh
            }
            // Only for a progress line on a terminal (its total): a timer's
            // run pays no extra round trip, and a rotation shows itself below.
            if options.fetchPeerHead, let fresh = try adoptingRotatedKey() { client = fresh }
            // Only the first attempt starts over: a retry goes on from where it stopped.
            let fromStart = options.fromStart && number == 1
            do {
                try transfer(with: client, fromStart: fromStart)
            } catch let e as PeerError where e.signedWithAnotherKey {
                // The peer's answer did not verify with the trusted key: it
                // may have rotated it. Follow its signed key history, then go again.
                guard let fresh = try adoptingRotatedKey() else { throw e }
                client = fresh
                try transfer(with: client, fromStart: fromStart)
            }
        }
        // When to try again, sleep or give up is `RetryMachine`'s decision.
        var retries = RetryMachine(policy: options.retryPolicy, random: SystemRandomNumberGenerator())
        var action = retries.handle(.started)
        attempts: while true {
            switch action {
            case .attempt(let number):
                report.attempts = number
                do {
                    try attempt(number)
                    lastError = nil
                    action = retries.handle(.succeeded)
                } catch {
                    // Not a PeerError: this node's own side failed (see PeerError.local).
                    let e = error as? PeerError ?? .local(peer: peer.name, error)
                    lastError = e
                    log.event("peer_attempt_failed", ["peer": peer.name, "attempt": String(number), "error": e.message])
                    // A refusal, a local failure or what cannot change on retry would only repeat.
                    action = retries.handle(.failed(retryable: e.kind == .unavailable && e.retryable,
                                                    elapsed: clockStart.duration(to: .now), stopRequested: options.shouldStop()))
                }
            case .sleep(let delay):
                JoinableThread.sleep(delay)
                action = retries.handle(.timerFired)
            case .stop:
                break attempts
            }
        }
        metrics?.observe("syncnode_sync_duration_seconds", ["peer": peer.name], Date().timeIntervalSince(started))
        let finished = WallClock.nowMillis()
        do {
            let state = try store.recordOutcome(peer: peer.name, error: lastError?.message, againstPeer: lastError?.kind != .local,
                                                at: finished, nextAttempt: { finished + backoff(failures: $0, options: options) })
            report.nextAttempt = state.nextAttempt
        } catch {
            // The store refused even this small write: say so, and a sync
            // that went well is still a failure of this node.
            let note = "the outcome could not be recorded in the peer's state: " + PeerError.localAdvice(error)
            if var e = lastError {
                e.message += "; " + note
                lastError = e
            } else {
                lastError = .local(peer: peer.name, advice: note)
            }
        }
        if let e = lastError {
            metrics?.increment("syncnode_peer_errors_total", ["peer": peer.name])
            report.error = e.message
            report.status = "failed"
            report.cause = e.kind == .local ? "local" : "peer"
            log.event("peer_failed", ["peer": peer.name, "error": e.message])
        } else {
            report.status = "ok"
            log.event("peer_synced", ["peer": peer.name, "pulled": String(report.pull?.applied ?? 0),
                                      "pushed": String(report.push?.applied ?? 0)])
        }
        return report
    }

    /// Writes the peer's file with its new key (the old ones kept as previous
    /// keys) and logs it: the serve process reloads the file by itself.
    func adopt(_ adoption: PeerKeyAdoption, for peer: PeerConfig) throws -> PeerConfig {
        let updated = adoption.applied(to: peer)
        do { try TrustStore.save(updated, in: home.peersPath) } catch {
            throw PeerError.local(peer: peer.name, advice: "\(peer.name) rotated its key to \(adoption.newKey.keyID) (signed by the key this node trusts), but its peer file could not be updated: \(PeerError.localAdvice(error))")
        }
        log.event("peer_key_adopted", ["peer": peer.name, "key_id": adoption.newKey.keyID,
                                       "previous_key_id": peer.publicKey.keyID,
                                       "detail": "\(peer.name) rotated its key; the new key is signed by the key this node trusted, which stays valid for its older revisions"])
        return updated
    }

    /// True when the peer's file was written after the last failure: an
    /// operator fixed something, so the back-off no longer applies.
    func peerFileChanged(_ name: String, since failure: UInt64?) -> Bool {
        guard let failure,
              let modified = (try? FileManager.default.attributesOfItem(atPath: home.peersPath + "/\(name).json"))?[.modificationDate] as? Date
        else { return false }
        return UInt64(max(0, modified.timeIntervalSince1970 * 1000)) > failure
    }

    /// The peer's own client certificate, else the home-wide default.
    func clientCertificate(for peer: PeerConfig) -> PeerClient.ClientCertificate? {
        peer.clientCertificatePaths(peersDirectory: home.peersPath) ?? clientCertificate
    }

    /// `<home>/client-cert.pem` and `client-key.pem`, when both exist.
    var clientCertificate: PeerClient.ClientCertificate? {
        let fm = FileManager.default
        guard fm.fileExists(atPath: home.clientCertificatePath), fm.fileExists(atPath: home.clientKeyPath) else { return nil }
        return PeerClient.ClientCertificate(certificateFile: home.clientCertificatePath, keyFile: home.clientKeyPath)
    }

    /// Exponential back-off across runs with jitter, in milliseconds.
    func backoff(failures: Int, options: SyncOptions) -> UInt64 {
        var random = SystemRandomNumberGenerator()
        return options.retryPolicy.backoffMillis(failures: failures, using: &random)
    }
}
