import Dispatch
import FoundationEssentials
import Glibc
import SyncCore
import SyncCrypto
import SyncNode
import ThrowawayTLS

/// `syncnode demo`: three city nodes on loopback, federated over HTTPS,
/// narrated step by step. Every server it starts is stopped by its PID at
/// the end, on failure, and on Ctrl-C; `keep` leaves them running.
package final class DemoRunner {
    package static let cities = ["birmingham", "singapore", "new-york"]
    let fixtures: String
    let peersTemplate: String
    let executable: String
    let keep: Bool
    let narrate: (String) -> Void
    var servers = CityTable<ServerProcess>(of: "server")
    /// The servers' PIDs, for the signal handler's thread.
    let serverPIDs = PIDList()
    var directory = ""

    /// - Parameters:
    ///   - fixtures: the `Fixtures/` directory (cities/<city>/ and demo-keys/).
    ///   - peers: the top-level `peers/` directory of the example federation.
    ///   - executable: the `syncnode` binary to run servers with.
    package init(fixtures: String, peers: String, executable: String, keep: Bool, narrate: @escaping (String) -> Void) {
        self.fixtures = fixtures
        self.peersTemplate = peers
        self.executable = executable
        self.keep = keep
        self.narrate = narrate
    }

    /// "/a/b" -> "/a", "/a" -> "/", "b" -> "" (as NSString's
    /// `deletingLastPathComponent`).
    static func parentDirectory(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        var parent = trimmed[..<slash]
        while parent.count > 1 && parent.hasSuffix("/") { parent.removeLast() }
        return parent.isEmpty ? "/" : String(parent)
    }

    /// Finds `Fixtures/` and `peers/` from the working directory upward, then
    /// from the executable's directory upward.
    package static func locateProject(executable: String) -> String? {
        var candidates = [FileManager.default.currentDirectoryPath]
        candidates.append(parentDirectory(executable))
        for start in candidates {
            var dir = start
            for _ in 0..<8 {
                if FileManager.default.fileExists(atPath: dir + "/Fixtures/cities")
                    && FileManager.default.fileExists(atPath: dir + "/peers") { return dir }
                let parent = parentDirectory(dir)
                if parent == dir { break }
                dir = parent
            }
        }
        return nil
    }

    package func run() throws -> DemoSummary {
        let started = Date()
        var summary = DemoSummary()
        directory = try makeTemporaryDirectory()
        summary.directory = directory
        summary.kept = keep
        let stopOnSignal = installSignalHandlers()
        defer {
            stopOnSignal.forEach { $0.cancel() }
            if !keep { shutdown() }
        }
        do {
            try runSteps(&summary)
        } catch {
            narrate("The demo failed: \(error)")
            if keep { shutdown() }
            throw error
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    func runSteps(_ summary: inout DemoSummary) throws {
        narrate("Working in \(directory).")
        narrate("1. Making a throwaway certificate authority and one TLS certificate per city (openssl).")
        let ca: ThrowawayCA
        do {
            ca = try ThrowawayCA(name: "syncnode demo CA", directory: directory + "/tls", caFile: "demo-ca.pem")
        } catch {
            throw NodeError(.failure, "cannot make the demo's throwaway CA: \(error)")
        }

        narrate("2. Creating three city nodes, each with its demo key from Fixtures/demo-keys, and importing its own fixtures.")
        var homes = CityTable<NodeHome>(of: "node home")
        var fixtureCount = 0
        for city in Self.cities {
            let home = NodeHome(path: directory + "/" + city)
            let keyPEM = try String(contentsOfFile: fixtures + "/demo-keys/\(city).pem", encoding: .utf8)
            let node = try LocalNode.initialise(home: home, name: city, key: try Ed25519PrivateKey(pem: keyPEM))
            let records = try RecordReader.read(path: fixtures + "/cities/\(city)")
            let result = try node.importRecords(records, files: Set(records.map(\.file)).count)
            fixtureCount += result.created
            homes.set(city, home)
            narrate("   \(city): \(result.created) articles and talks imported from Fixtures/cities/\(city)")
        }
        summary.fixtures = fixtureCount

        narrate("3. Starting each city's HTTPS server (TLS 1.3, libmicrohttpd) on a free loopback port; each also serves a read-only web view and Atom feeds at /.")
        for city in Self.cities {
            let home = try homes.get(city)
            let tls: ThrowawayCertificate
            do {
                tls = try ca.serverCertificate(hosts: ["127.0.0.1", "localhost"], commonName: city)
            } catch {
                throw NodeError(.failure, "cannot issue \(city)'s TLS certificate from the demo CA: \(error)")
            }
            let server = try ServerProcess(
                name: city, executable: executable,
                arguments: ["serve", "--home", home.path, "--listen", "127.0.0.1:0",
                            "--cert", tls.certificatePath, "--key", tls.keyPath],
                outputFile: home.path + "/server.out", logFile: home.path + "/server.log")
            servers.set(city, server)
            serverPIDs.append(server.pid)
            narrate("   \(city) serves \(server.url) (pid \(server.pid)); its web view and Atom feeds: \(server.url)/")
        }

        narrate("4. Each city trusts the other two: their public keys from peers/, their URLs, and the demo CA.")
        for city in Self.cities {
            let home = try homes.get(city)
            try FileManager.default.copyItem(atPath: ca.caCertificatePath, toPath: home.peersPath + "/demo-ca.pem")
            for other in Self.cities where other != city {
                let text = try String(contentsOfFile: peersTemplate + "/\(other).json", encoding: .utf8)
                var peer = try PeerConfig.parse(text, file: peersTemplate + "/\(other).json")
                peer.url = try servers.get(other).url
                peer.caFile = "demo-ca.pem"
                try TrustStore.save(peer, in: home.peersPath)
            }
        }

        narrate("5. Federating: every city syncs (pulls, then pushes) with the others, twice round.")
        try syncRounds(homes, rounds: 2)
        var holdsAll = true
        for city in Self.cities {
            let stats = try LocalNode.open(home: homes.get(city), readOnly: true).stats()
            let count = stats.articles + stats.talks
            holdsAll = holdsAll && count == fixtureCount
            narrate("   \(city) now holds \(count) of the \(fixtureCount) documents (\(stats.cities.keys.sorted().joined(separator: ", ")))")
        }
        summary.everyNodeHoldsEveryFixture = holdsAll

        let title = "BRUM and Birmingham's customer service strategy"
        guard let id = try LocalNode.open(home: homes.get("birmingham"), readOnly: true)
            .list(ListFilter(limit: 1000)).first(where: { $0.title == title })?.id else {
            throw NodeError(.failure, "the fixture article \"\(title)\" is missing from Fixtures/cities/birmingham")
        }
        narrate("6. Birmingham and Singapore edit \"\(title)\" at the same time, different fields:")
        narrate("   Birmingham rewrites the summary; Singapore adds the tag customer-experience.")
        let b = try LocalNode.open(home: homes.get("birmingham"), readOnly: false)
        let s = try LocalNode.open(home: homes.get("singapore"), readOnly: false)
        let newSummary = "A technology investment from 2019 now anchors Birmingham's customer service strategy, shared with partner cities."
        _ = try b.edit(id, set: ["summary": .text(newSummary)])
        let tags = (try s.document(id)?.content.list("tags") ?? []) + ["customer-experience"]
        _ = try s.edit(id, set: ["tags": .list(tags)])
        try syncRounds(homes, rounds: 2)
        let views = try Self.cities.map { try view(of: id, in: homes.get($0)) }
        summary.mergedViewIdentical = Set(views.map { $0.digest }).count == 1
        summary.fieldMergeClean = views.allSatisfy { $0.content.text("summary") == newSummary
            && $0.content.list("tags").contains("customer-experience") && $0.conflicts.isEmpty }
        narrate("   After syncing, all three show the same merged view: Birmingham's summary and Singapore's tag, no conflict: \(summary.fieldMergeClean ? "yes" : "NO").")

        narrate("7. Now both change the same field, the title, to different text at the same time.")
        _ = try b.edit(id, set: ["title": .text("BRUM: Birmingham's customer service strategy")])
        _ = try s.edit(id, set: ["title": .text("BRUM and Birmingham's customer service strategy (Singapore's reading)")])
        try syncRounds(homes, rounds: 2)
        let conflicted = try Self.cities.map { try view(of: id, in: homes.get($0)) }
        let reports = try Self.cities.map { try LocalNode.open(home: homes.get($0), readOnly: true).conflictReports().map(\.description) }
        summary.conflictFields = conflicted.first?.conflicts ?? []
        summary.conflictIdentical = Set(conflicted.map { $0.digest }).count == 1 && Set(reports).count == 1
            && summary.conflictFields == ["title"]
        narrate("   Every city reports the same conflict on: \(summary.conflictFields.joined(separator: ", ")); the title shows the common earlier value until someone runs `syncnode resolve`. Identical on all three: \(summary.conflictIdentical ? "yes" : "NO").")

        narrate("8. Searching New York's node for \"WICCO\" and Birmingham's for \"living labs\":")
        let wicco = try LocalNode.open(home: homes.get("new-york"), readOnly: true).search("WICCO", limit: 5)
        let labs = try LocalNode.open(home: homes.get("birmingham"), readOnly: true).search("living labs", limit: 10)
        summary.searchFoundOtherCitysTalk = wicco.contains { $0.kind == .talk && $0.city == "birmingham" }
            && labs.contains { $0.kind == .talk && $0.city != "birmingham" }
        if let hit = wicco.first { narrate("   new-york finds Birmingham's talk: \"\(hit.title)\"") }
        if let hit = labs.first(where: { $0.kind == .talk }) { narrate("   birmingham finds \(hit.city)'s talk: \"\(hit.title)\"") }

        for city in Self.cities {
            let home = try homes.get(city)
            let stats = try LocalNode.open(home: home, readOnly: true).stats()
            let server = try servers.get(city)
            summary.nodes.append(.init(name: city, home: home.path, url: server.url, webURL: server.url + "/",
                                       ca: ca.caCertificatePath, pid: server.pid,
                                       documents: stats.articles + stats.talks, conflicts: stats.conflicts,
                                       viewDigest: try view(of: id, in: home).digest))
        }
    }

    /// The merged view of `id` on one node, with a digest for comparison.
    func view(of id: String, in home: NodeHome) throws -> (content: Content, conflicts: [String], digest: String) {
        guard let doc = try LocalNode.open(home: home, readOnly: true).document(id) else { throw NodeError(.notFound, "\(id) missing on \(home.path)") }
        let conflicts = doc.view.conflicts.map(\.field)
        let digest = Hex.encode(SHA256.hash(Array((ContentHash.of(doc.content, tombstone: doc.deleted) + conflicts.joined(separator: ",")
            + doc.siblings.map(\.revisionID).joined(separator: ",")).utf8))).prefix(16)
        return (doc.content, conflicts, String(digest))
    }

    func syncRounds(_ homes: CityTable<NodeHome>, rounds: Int) throws {
        var options = SyncOptions()
        options.attempts = 2
        options.retryDelay = .milliseconds(200)
        options.timeouts.connect = .seconds(5)
        options.timeouts.request = .seconds(30)
        for _ in 0..<rounds {
            for city in Self.cities {
                let (runner, store) = try SyncRunner.forHome(homes.get(city), log: Logger(enabled: false))
                let reports = try runner.run(options, kind: "demo", recorder: store)
                for r in reports where !r.ok {
                    throw NodeError(.unavailable, "\(city) could not sync with \(r.peer): \(r.error ?? "?")")
                }
            }
        }
    }

    func makeTemporaryDirectory() throws -> String {
        var template = Array((FileManager.default.temporaryDirectory.path + "/syncnode-demo-XXXXXX").utf8CString)
        guard let p = mkdtemp(&template) else { throw NodeError(.cannotCreate, "cannot create a temporary directory") }
        return String(cString: p)
    }

    /// Stops every server by PID and removes the directory.
    func shutdown() {
        for s in servers.all { s.stop() }
        servers.removeAll()
        serverPIDs.removeAll()
        if !directory.isEmpty { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Ctrl-C or SIGTERM: stop the servers, remove the directory, exit 130.
    func installSignalHandlers() -> [DispatchSourceSignal] {
        let dir = directory
        let keep = self.keep
        return [SIGINT, SIGTERM].map { [serverPIDs] sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                for pid in serverPIDs.all { kill(pid, SIGTERM) }
                usleep(500_000)
                if !keep { try? FileManager.default.removeItem(atPath: dir) }
                StandardStream.error.write("\ninterrupted: stopped the demo servers\n")
                exit(130)
            }
            source.resume()
            return source
        }
    }
}

@available(*, unavailable)
extension DemoRunner: Sendable {}
