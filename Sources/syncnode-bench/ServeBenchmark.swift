import Foundation
import SyncCore
import SyncCrypto
import SyncNode
import SyncProtocol
import SyncStore
import ThrowawayTLS

/// `syncnode-bench serve`: one node (`syncnode serve`'s ServeRunner in a
/// child process, TLS 1.3) under `peers` pulling peers and `pushers` pushing
/// peers at once, each a trusted node with its own key and connection,
/// `requests` requests each; beside it, in the same run and with the same
/// client code, nginx serving the node's page bytes over TLS 1.3. Afterwards
/// every puller pulls the whole log and checks every signature: all must
/// hold the same revisions as the node, the pushed ones included.
struct ServeBenchmark {
    let count: Int
    let peers: Int
    let pushers: Int
    let requests: Int
    /// Revisions per pushed change-set, and entries per pulled page.
    let batch = 10
    let pageLimit = WireLimits.defaultPageLimit

    func run() throws -> BenchReport {
        let scratch = try Scratch("serve")
        Progress.say("serve: certificates, the origin's \(count) articles, \(peers + pushers) peer keys")
        let ca = try ThrowawayCA(name: "syncnode-bench CA", directory: scratch.path)
        let tls = try ca.serverCertificate(hosts: ["127.0.0.1", "localhost"], commonName: "origin")
        let originHome = NodeHome(path: scratch.file("origin"))
        let originKey = try seedOrigin(originHome)
        var keys: [String: Ed25519PrivateKey] = [:]
        let names = (0..<peers).map { String(format: "puller-%02d", $0) } + (0..<pushers).map { String(format: "pusher-%02d", $0) }
        for name in names {
            let key = try Ed25519PrivateKey.generate()
            keys[name] = key
            try TrustStore.save(PeerConfig(name: name, url: "https://127.0.0.1:9", publicKey: key.publicKey), in: originHome.peersPath)
        }
        let clientPeers = scratch.file("client-peers")
        try FileManager.default.createDirectory(atPath: clientPeers, withIntermediateDirectories: true)

        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let node = try ServerChild(name: "syncnode serve", executable: exe,
                                   arguments: ["_serve", "--home", originHome.path, "--cert", tls.certificatePath, "--key", tls.keyPath],
                                   logPath: scratch.file("serve.log"))
        defer { node.stop() }
        let url = try node.firstLine(within: 60)
        guard url.hasPrefix("https://127.0.0.1:") else { throw BenchError("the serve child printed '\(url)', not its URL") }
        // The peers' trust store: PeerClient checks the node's answers against it.
        try TrustStore.save(PeerConfig(name: "origin", url: url, publicKey: originKey.publicKey, caFile: ca.caCertificatePath), in: clientPeers)
        func nodeClient(_ name: String) throws -> LoadClient {
            try LoadClient.node(name: name, key: keys[name]!, url: url, caFile: ca.caCertificatePath, originKey: originKey.publicKey,
                                peersDirectory: clientPeers)
        }

        Progress.say("serve: snapshot of the node's pages (limit \(pageLimit)) for nginx; \(pushers * requests) change-sets")
        let snapshot = try nodeClient(names[0])
        var pages: [UInt64: [UInt8]] = [:]
        var since: UInt64 = 0
        for _ in 0..<(count / pageLimit + 2) {
            let query = ChangesQuery(since: since, limit: pageLimit)
            let bytes = try snapshot.raw("GET", query.target, body: [])
            let page = try ChangesPage.decode(bytes, request: query)
            pages[since] = bytes
            guard page.hasMore else { break }
            since = page.next
        }
        let changesets = try (0..<pushers).map { try prepare(pusher: names[peers + $0], key: keys[names[peers + $0]]!) }

        let port = try NginxSite.freePort()
        let site = try NginxSite(directory: scratch.file("nginx"), port: port, certificate: tls.certificatePath, key: tls.keyPath, pages: pages)
        let nginxURL = "https://127.0.0.1:\(port)"
        Progress.say("serve: nginx on \(nginxURL): \(peers) pullers + \(pushers) pushers x \(requests) requests")
        var nginxResult: LoadResult
        do {
            let nginx = try site.start()
            defer { nginx.stop() }
            let pullers = try names.prefix(peers).map { try LoadClient.plain(name: $0, key: keys[$0]!, url: nginxURL, caFile: ca.caCertificatePath) }
            let pushing = try names.dropFirst(peers).map { try LoadClient.plain(name: $0, key: keys[$0]!, url: nginxURL, caFile: ca.caCertificatePath) }
            let cpu = nginx.cpuSeconds()
            nginxResult = LoadRun(pullers: pullers, pushers: pushing, pageStarts: pages.keys.sorted(), pageLimit: pageLimit,
                                  requests: requests, changesets: changesets).run()
            nginxResult.serverCPUSeconds = nginx.cpuSeconds() - cpu
            nginxResult.serverPeakMB = nginx.peakMegabytes()
        }

        Progress.say("serve: syncnode on \(url): the same load")
        let pullers = try names.prefix(peers).map(nodeClient)
        let pushing = try names.dropFirst(peers).map(nodeClient)
        let cpu = node.cpuSeconds()
        var nodeResult = LoadRun(pullers: pullers, pushers: pushing, pageStarts: pages.keys.sorted(), pageLimit: pageLimit,
                                 requests: requests, changesets: changesets).run()
        nodeResult.serverCPUSeconds = node.cpuSeconds() - cpu
        nodeResult.serverPeakMB = node.peakMegabytes()
        guard nodeResult.errors > 0 || nodeResult.acknowledged == pushers * requests * batch else {
            throw BenchError("the node acknowledged \(nodeResult.acknowledged) pushed revisions, expected \(pushers * requests * batch)")
        }

        Progress.say("serve: load done: node \(nodeResult.requests) requests, \(nodeResult.errors) errors; nginx \(nginxResult.requests), \(nginxResult.errors) errors" + ((nodeResult.firstError ?? nginxResult.firstError).map { " (first: \($0))" } ?? ""))
        Progress.say("serve: every puller pulls the whole log and verifies every signature")
        var authors = keys.mapValues(\.publicKey)
        authors["origin"] = originKey.publicKey
        let state = try finalState(pullers: pullers, authors: authors, pushed: changesets)
        node.stop()
        let stored = try LocalNode.open(home: originHome, readOnly: true).store.headSeq()
        let expected = count + pushers * requests * batch
        guard stored == Int64(expected), state.revisions == expected else {
            throw BenchError("final state: the node stores \(stored) revisions and serves \(state.revisions), expected \(expected)")
        }
        return report(node: nodeResult, nginx: nginxResult, state: state, pages: pages)
    }

    /// Initialises the origin and stores `count` signed articles (setup, not measured).
    private func seedOrigin(_ home: NodeHome) throws -> Ed25519PrivateKey {
        let origin = try LocalNode.initialise(home: home, name: "origin")
        let key = try Ed25519PrivateKey(pem: String(decoding: FileManager.default.contents(atPath: home.privateKeyPath) ?? Data(), as: UTF8.self))
        let generator = ArticleGenerator(vocabulary: Vocabulary(), seed: 0x5E4E_0001, idNode: "origin")
        try StoreSeed(generator: generator, actor: "origin", key: key, t0: WallClock.nowMillis() - 3_600_000)
            .fill(origin.store, count: count, origin: nil)
        return key
    }

    /// `requests` change-sets of `batch` new articles authored and signed by `pusher`.
    private func prepare(pusher: String, key: Ed25519PrivateKey) throws -> [(ChangeSetPush, [UInt8])] {
        let generator = ArticleGenerator(vocabulary: Vocabulary(), seed: 0x5E4E_0002 ^ pusher.utf8.reduce(UInt64(0)) { $0 &* 31 &+ UInt64($1) }, idNode: pusher)
        let now = WallClock.nowMillis()
        return try (0..<requests).map { r in
            let revisions = try (0..<batch).map { k in
                let n = r * batch + k
                let revision = Revision(documentID: generator.id(n), kind: .article, dot: Dot(actor: pusher, counter: UInt64(n + 1)),
                                        context: VersionVector(), author: pusher,
                                        timestamp: HybridTimestamp(millis: now, logical: UInt32(n)), tombstone: false,
                                        content: generator.content(n))
                return SignedRevision(revision: revision, signature: try key.sign(CanonicalEncoding.signingBytes(of: revision)))
            }
            let changeset = ChangeSetPush(origin: pusher, revisions: revisions, sha256: { SHA256.hash($0) })
            return (changeset, changeset.encoded())
        }
    }

    /// Every puller pulls the node's whole log (pages of 1000), checks each
    /// revision's signature with its author's key, and hashes (seq, signature)
    /// in log order; all hashes must be equal and hold every pushed revision.
    private func finalState(pullers: [LoadClient], authors: [String: Ed25519PublicKey],
                            pushed: [[(ChangeSetPush, [UInt8])]]) throws -> (revisions: Int, digest: String, nodes: Int) {
        let outcomes = Locked<[Int: Result<(Int, String, Set<[UInt8]>), BenchError>]>([:])
        DispatchQueue.concurrentPerform(iterations: pullers.count) { i in
            let outcome: Result<(Int, String, Set<[UInt8]>), BenchError>
            do {
                var hashed: [UInt8] = [], signatures = Set<[UInt8]>(), since: UInt64 = 0
                for _ in 0..<100_000 {
                    let page = try pullers[i].pull(ChangesQuery(since: since, limit: pageLimit))
                    for entry in page.entries {
                        let r = entry.revision
                        guard let key = authors[r.revision.author],
                              key.isValidSignature(r.signature, for: CanonicalEncoding.signingBytes(of: r.revision)) else {
                            throw BenchError("\(pullers[i].name): revision \(r.revision.dot) of \(r.revision.author) does not verify")
                        }
                        hashed += SHA256.hash(Array(String(entry.seq).utf8) + r.signature)
                        signatures.insert(r.signature)
                    }
                    guard page.hasMore else { break }
                    since = page.next
                }
                outcome = .success((signatures.count, Hex.encode(SHA256.hash(hashed)), signatures))
            } catch {
                outcome = .failure(error as? BenchError ?? BenchError("\(pullers[i].name): \(error)"))
            }
            outcomes.withLock { $0[i] = outcome }
        }
        let results = try outcomes.withLock { $0 }.sorted { $0.key < $1.key }.map { try $0.value.get() }
        guard let first = results.first else { return (0, "", 0) }
        for (i, other) in results.enumerated() where other.1 != first.1 {
            throw BenchError("final state: \(pullers[i].name) holds a different log (\(other.0) revisions) than \(pullers[0].name) (\(first.0))")
        }
        for changeset in pushed.joined() {
            for r in changeset.0.revisions where !first.2.contains(r.signature) {
                throw BenchError("final state: pushed revision \(r.revision.dot) of \(r.revision.author) is missing from the node's log")
            }
        }
        return (first.0, first.1, results.count)
    }

    private func report(node: LoadResult, nginx: LoadResult, state: (revisions: Int, digest: String, nodes: Int),
                        pages: [UInt64: [UInt8]]) -> BenchReport {
        let ratio = node.requestsPerSecond / nginx.requestsPerSecond
        func ms(_ values: [Double], _ p: Double) -> Double { Format.percentile(values, p) }
        func row(_ figure: String, _ a: Double, _ b: Double) -> ResultRow {
            ResultRow(figure: figure, value: Format.milliseconds(a), floor: Format.milliseconds(b), ratio: Format.ratio(a / b),
                      comparedWith: FloorName.nginx)
        }
        var report = BenchReport(title: "syncnode-bench serve: \(peers) pulling + \(pushers) pushing peers x \(requests) requests, TLS 1.3 on loopback; floor: nginx")
        report.rows = [
            ResultRow(figure: "requests/s", value: Format.count(node.requestsPerSecond), floor: Format.count(nginx.requestsPerSecond),
                      ratio: Format.ratio(ratio), target: ">= 0.85x", met: ratio >= 0.85, comparedWith: FloorName.nginx),
            row("pull p50", ms(node.pullLatencies, 50), ms(nginx.pullLatencies, 50)),
            row("pull p99", ms(node.pullLatencies, 99), ms(nginx.pullLatencies, 99)),
            row("push p50", ms(node.pushLatencies, 50), ms(nginx.pushLatencies, 50)),
            row("push p99", ms(node.pushLatencies, 99), ms(nginx.pushLatencies, 99)),
            ResultRow(figure: "errors", value: String(node.errors), floor: String(nginx.errors), target: "0",
                      met: node.errors == 0 && nginx.errors == 0, comparedWith: FloorName.nginx),
            row("server CPU per request", node.serverCPUSeconds / Double(max(1, node.requests)),
                nginx.serverCPUSeconds / Double(max(1, nginx.requests))),
            row("client CPU per request", node.clientCPUSeconds / Double(max(1, node.requests)),
                nginx.clientCPUSeconds / Double(max(1, nginx.requests))),
            ResultRow(figure: "server peak RSS", value: Format.megabytes(node.serverPeakMB), floor: Format.megabytes(nginx.serverPeakMB),
                      ratio: Format.ratio(node.serverPeakMB / nginx.serverPeakMB), comparedWith: FloorName.nginx),
            ResultRow(figure: "final state", value: "\(state.nodes + 1) nodes equal", target: "identical", met: true),
        ]
        let pageBytes = pages.values.map(\.count).reduce(0, +) / max(1, pages.count)
        report.notes = [
            "node: `syncnode serve` (ServeRunner, \(ServeSettings(host: "127.0.0.1", port: 0).threads) threads) in a child process; nginx: 2 workers, TLS 1.3 only, same certificate.",
            "pulls: GET /v1/changes?since=S&limit=\(pageLimit) cycling through the \(pages.count) pages of \(count) articles (~\(Format.bytes(pageBytes)) a page);",
            "  nginx serves those page bytes as files. pushes: POST /v1/changesets of \(batch) new signed articles each (node: applied;",
            "  nginx: body read, fixed answer). Every request RFC 9421-signed by its peer's key; only the node's answers are verified.",
            "each peer: its own thread and TLS connection, one untimed warm-up request, then \(requests) requests; wall time from the common start.",
            "final state: \(state.revisions) revisions (\(count) + \(pushers * requests * batch) pushed) on the node and on each of \(state.nodes) pullers (every signature checked), log digest \(state.digest.prefix(16)).",
            "server peak RSS: VmHWM of the server process (+ nginx's workers) from /proc, read after its run; server CPU: their",
            "  utime + stime over the run (/proc), per request; client CPU: this process's (all peers') over the run (getrusage).",
        ]
        report.set("requests_per_s", node.requestsPerSecond, decimals: 1)
        report.set("nginx_requests_per_s", nginx.requestsPerSecond, decimals: 1)
        report.set("ratio", ratio, decimals: 3)
        report.set("pull_p50_ms", ms(node.pullLatencies, 50) * 1000, decimals: 2)
        report.set("pull_p99_ms", ms(node.pullLatencies, 99) * 1000, decimals: 2)
        report.set("push_p50_ms", ms(node.pushLatencies, 50) * 1000, decimals: 2)
        report.set("push_p99_ms", ms(node.pushLatencies, 99) * 1000, decimals: 2)
        report.set("nginx_pull_p50_ms", ms(nginx.pullLatencies, 50) * 1000, decimals: 2)
        report.set("nginx_pull_p99_ms", ms(nginx.pullLatencies, 99) * 1000, decimals: 2)
        report.set("errors", Double(node.errors))
        report.set("nginx_errors", Double(nginx.errors))
        report.set("server_cpu_ms_per_request", node.serverCPUSeconds * 1000 / Double(max(1, node.requests)), decimals: 3)
        report.set("nginx_cpu_ms_per_request", nginx.serverCPUSeconds * 1000 / Double(max(1, nginx.requests)), decimals: 3)
        report.set("client_cpu_ms_per_request", node.clientCPUSeconds * 1000 / Double(max(1, node.requests)), decimals: 3)
        report.set("nginx_client_cpu_ms_per_request", nginx.clientCPUSeconds * 1000 / Double(max(1, nginx.requests)), decimals: 3)
        report.set("server_peak_rss_mb", node.serverPeakMB, decimals: 1)
        report.set("nginx_peak_rss_mb", nginx.serverPeakMB, decimals: 1)
        report.set("final_revisions", Double(state.revisions))
        if let e = node.firstError ?? nginx.firstError { report.notes.append("first error: \(e)") }
        return report
    }
}
