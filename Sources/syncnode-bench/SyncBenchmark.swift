import Foundation
import HTTPServer
import SyncCore
import SyncCrypto
import SyncNode
import SyncStore
import ThrowawayTLS

/// `syncnode-bench sync`: two nodes over TLS 1.3 on loopback. The serving
/// node ("origin") runs in this process (HTTPServer + NodeService, as
/// `syncnode serve` does); the pulling node ("puller") runs each transfer as
/// a `syncnode sync`-style SyncRunner run in a child process, so its peak
/// memory is its own. Phases: (a) initial pull of N articles, (b) pull of
/// 10 changed ones, (c) a pull with nothing new, (d) a push of N/10 edits.
/// Floor beside (a): floor B of ../shared/bench (FloorPipeline, in a
/// child process) on the same articles, each signed by the origin's key;
/// beside (b) and (c), floor B with --upsert on the 10 changed articles and
/// on none, into (a)'s floor database.
struct SyncBenchmark {
    let count: Int

    func run() throws -> BenchReport {
        let scratch = try Scratch("sync")
        Progress.say("sync: making a throwaway CA and server certificate with openssl")
        let ca = try ThrowawayCA(name: "syncnode-bench CA", directory: scratch.path)
        let tls = try ca.serverCertificate(hosts: ["127.0.0.1", "localhost"], commonName: "origin")
        let generator = ArticleGenerator(vocabulary: Vocabulary(), seed: 0x5C0C_E000, idNode: "origin")
        let originHome = NodeHome(path: scratch.file("origin"))
        let origin = try LocalNode.initialise(home: originHome, name: "origin")
        let originKey = try Ed25519PrivateKey(pem: String(decoding: FileManager.default.contents(atPath: originHome.privateKeyPath) ?? Data(), as: UTF8.self))
        let pullerHome = NodeHome(path: scratch.file("puller"))
        let puller = try LocalNode.initialise(home: pullerHome, name: "puller")

        Progress.say("sync: origin: signing and storing \(count) articles, and floor B's input (setup)")
        /// Floor B's input record of a revision's article, signed by the origin's key.
        func floorRecord(_ r: SignedRevision) throws -> FloorRecord {
            try FloorRecord(signing: FloorArticle(id: r.revision.documentID, content: r.revision.content), with: originKey)
        }
        let floorInput = try FloorRecordWriter(path: scratch.file("floor-a.records"))
        try StoreSeed(generator: generator, actor: "origin", key: originKey, t0: WallClock.nowMillis() - 86_400_000)
            .fill(origin.store, count: count, origin: nil) { try floorInput.append(floorRecord($0)) }
        try floorInput.close()

        let responder = ServiceBox()
        var limits = HTTPServerLimits()
        limits.threadPoolSize = ServeSettings(host: "127.0.0.1", port: 0).threads
        limits.maxBodyBytes = 16 << 20
        let server = try HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0,
                                                   tls: HTTPServerTLS(certificateFile: tls.certificatePath, privateKeyFile: tls.keyPath),
                                                   limits: limits),
            responder: responder)
        let port = try server.start()
        defer { server.stop() }
        let url = "https://127.0.0.1:\(port)"
        try TrustStore.save(PeerConfig(name: "origin", url: url, publicKey: origin.identity.publicKey, caFile: ca.caCertificatePath),
                            in: pullerHome.peersPath)
        try TrustStore.save(PeerConfig(name: "puller", url: "https://127.0.0.1:9", publicKey: puller.identity.publicKey),
                            in: originHome.peersPath)
        responder.set(try NodeService(home: originHome, identity: origin.identity, key: originKey,
                                      settings: ServiceSettings(publicURL: url), metrics: Metrics(),
                                      log: Logger(enabled: false)))

        Progress.say("sync: floor B: verify on 2 threads, pipelined with floor A's inserts")
        func runFloor(_ name: String, expect: Int) throws -> JSONValue {
            try ChildProcess.run(["_floor", "--records", scratch.file(name), "--db", scratch.file("floor.db"),
                                  "--key", origin.identity.publicKey.base64url, "--count", String(expect),
                                  "--upsert", name == "floor-a.records" ? "no" : "yes"])
        }
        let floor = try runFloor("floor-a.records", expect: count)
        Progress.say("sync: (a) initial pull of \(count) articles")
        let initial = try pull(pullerHome, expect: count)

        Progress.say("sync: (b) origin edits 10 articles; incremental pull")
        for k in 0..<10 {
            let i = k * (count / 10)
            _ = try origin.edit(generator.id(i), set: ["summary": .text("Updated at the origin: " + generator.content(i, version: 1).text("summary"))])
        }
        let incremental = try pull(pullerHome, expect: 10)
        let changedInput = try FloorRecordWriter(path: scratch.file("floor-b.records"))
        for change in try origin.store.changes(after: Int64(count), limit: 100) { try changedInput.append(floorRecord(change.signed)) }
        try changedInput.close()
        let floorIncremental = try runFloor("floor-b.records", expect: 10)
        Progress.say("sync: (c) a pull with nothing new")
        let nothing = try pull(pullerHome, expect: 0)
        try FloorRecordWriter(path: scratch.file("floor-c.records")).close()
        let floorNothing = try runFloor("floor-c.records", expect: 0)

        let pushCount = max(1, count / 10)
        Progress.say("sync: (d) puller edits \(pushCount) articles; push")
        try puller.store.write { _ in
            for k in 0..<pushCount {
                let i = k * (count / pushCount)
                _ = try puller.edit(generator.id(i), set: ["summary": .text("Edited by the puller: " + generator.content(i, version: 2).text("summary"))])
            }
        }
        let push = try ChildProcess.run(["_push", "--home", pullerHome.path, "--peer", "origin"])
        guard push["received"]?.intValue == pushCount else {
            throw BenchError("the push sent \(push["received"]?.intValue ?? -1) revisions, expected \(pushCount)")
        }
        let originRevisions = try origin.store.headSeq()
        guard originRevisions == Int64(count + 10 + pushCount) else {
            throw BenchError("the origin holds \(originRevisions) revisions after the push, expected \(count + 10 + pushCount)")
        }
        return report(initial: initial, floor: floor, incremental: incremental, floorIncremental: floorIncremental,
                      nothing: nothing, floorNothing: floorNothing, push: push, pushCount: pushCount)
    }

    func pull(_ home: NodeHome, expect: Int) throws -> JSONValue {
        let result = try ChildProcess.run(["_pull", "--home", home.path, "--peer", "origin"])
        guard result["applied"]?.intValue == expect else {
            throw BenchError("the pull applied \(result["applied"]?.intValue ?? -1) revisions, expected \(expect)")
        }
        return result
    }

    func report(initial: JSONValue, floor: JSONValue, incremental: JSONValue, floorIncremental: JSONValue,
                nothing: JSONValue, floorNothing: JSONValue, push: JSONValue, pushCount: Int) -> BenchReport {
        func seconds(_ v: JSONValue) -> Double { v["seconds"]?.doubleValue ?? .nan }
        func bytes(_ v: JSONValue) -> Int { v["bytes"]?.intValue ?? 0 }
        func peak(_ v: JSONValue) -> Double { v["peak_rss_mb"]?.doubleValue ?? .nan }
        let n = Double(count)
        let ratio = seconds(initial) / seconds(floor)
        var report = BenchReport(title: "syncnode-bench sync: \(Format.count(n)) articles, two nodes over TLS 1.3 on loopback")
        report.rows = [
            ResultRow(figure: "(a) initial pull", value: Format.seconds(seconds(initial)), floor: Format.seconds(seconds(floor)),
                      ratio: Format.ratio(ratio), target: "<= 2.00x", met: ratio <= 2, comparedWith: FloorName.b),
            ResultRow(figure: "(a) revisions/s", value: Format.count(n / seconds(initial)), floor: Format.count(n / seconds(floor)),
                      ratio: Format.ratio(ratio), comparedWith: FloorName.b),
            ResultRow(figure: "(a) bytes on the wire", value: Format.bytes(bytes(initial))),
            ResultRow(figure: "(a) peak RSS, puller", value: Format.megabytes(peak(initial)), floor: Format.megabytes(peak(floor)),
                      target: "< 100 MB", met: peak(initial) < 100, comparedWith: FloorName.bProcess),
            ResultRow(figure: "(b) pull of 10 changed", value: Format.seconds(seconds(incremental)),
                      floor: Format.seconds(seconds(floorIncremental)),
                      ratio: Format.ratio(seconds(incremental) / seconds(floorIncremental)), target: "< 50 ms",
                      met: seconds(incremental) < 0.05, comparedWith: FloorName.bUpsert),
            ResultRow(figure: "(b) revisions/s", value: Format.count(10 / seconds(incremental)),
                      floor: Format.count(10 / seconds(floorIncremental)),
                      ratio: Format.ratio(seconds(incremental) / seconds(floorIncremental)), comparedWith: FloorName.bUpsert),
            ResultRow(figure: "(b) bytes on the wire", value: Format.bytes(bytes(incremental))),
            ResultRow(figure: "(b) peak RSS, puller", value: Format.megabytes(peak(incremental)),
                      floor: Format.megabytes(peak(floorIncremental)), target: "< 100 MB", met: peak(incremental) < 100,
                      comparedWith: FloorName.bProcess),
            ResultRow(figure: "(c) pull, nothing new", value: Format.seconds(seconds(nothing)),
                      floor: Format.seconds(seconds(floorNothing)),
                      ratio: Format.ratio(seconds(nothing) / seconds(floorNothing)), target: "< 50 ms",
                      met: seconds(nothing) < 0.05, comparedWith: FloorName.bEmpty),
            ResultRow(figure: "(c) bytes on the wire", value: Format.bytes(bytes(nothing))),
            ResultRow(figure: "(c) peak RSS, puller", value: Format.megabytes(peak(nothing)),
                      floor: Format.megabytes(peak(floorNothing)), target: "< 100 MB", met: peak(nothing) < 100,
                      comparedWith: FloorName.bProcess),
            ResultRow(figure: "(d) push of \(Format.count(Double(pushCount)))", value: Format.seconds(seconds(push))),
            ResultRow(figure: "(d) revisions/s", value: Format.count(Double(pushCount) / seconds(push))),
            ResultRow(figure: "(d) bytes on the wire", value: Format.bytes(bytes(push))),
            ResultRow(figure: "(d) peak RSS, pusher", value: Format.megabytes(peak(push)), target: "< 100 MB",
                      met: peak(push) < 100),
        ]
        report.notes = [
            "serving node: HTTPServer + NodeService in this process (as `syncnode serve`); pulling/pushing node: a SyncRunner run",
            "  (pull-only or push-only, as `syncnode sync`) in a child process; times are that run's wall time, from opening the",
            "  node to the run recorded (process start-up excluded); peak RSS is the child's VmHWM (the whole pulling process).",
            "floor B (../shared/bench/floor_insert.c --verify --threads 2 in Swift), in a child process: the same articles,",
            "  each signed by the origin's key over its own bytes (length-prefixed texts: nothing to parse), read from a local",
            "  file in chunks of \(FloorPipeline.chunkSize); \(FloorPipeline.threads) threads verify every Ed25519 signature while the reading thread writes the",
            "  chunks already verified, in order, as floor A does (one table + FTS5, prepared statements, one transaction, WAL);",
            "  timed from opening the database to closing it. No download: compare.sh's floor B does not pay for one either.",
            "  (b) and (c): the same with --upsert (select by id, FTS5 'delete' of the old texts, UPDATE, new entry) on the 10",
            "  changed articles and on none, into (a)'s floor database.",
            "bytes: response bodies received (pulls) or request bodies sent (push), headers excluded.",
            "(a) \(initial["pages"]?.intValue ?? 0) pages; (b) \(incremental["pages"]?.intValue ?? 0) page(s); (d) \(push["pages"]?.intValue ?? 0) change-sets.",
        ]
        report.set("count", n)
        report.set("initial_seconds", seconds(initial), decimals: 3)
        report.set("initial_rev_per_s", n / seconds(initial), decimals: 1)
        report.set("initial_bytes", Double(bytes(initial)))
        report.set("initial_peak_rss_mb", peak(initial), decimals: 1)
        report.set("floor_seconds", seconds(floor), decimals: 3)
        report.set("floor_rev_per_s", n / seconds(floor), decimals: 1)
        report.set("floor_peak_rss_mb", peak(floor), decimals: 1)
        report.set("initial_ratio", ratio, decimals: 3)
        report.set("incremental_ms", seconds(incremental) * 1000, decimals: 2)
        report.set("incremental_rev_per_s", 10 / seconds(incremental), decimals: 1)
        report.set("incremental_bytes", Double(bytes(incremental)))
        report.set("incremental_peak_rss_mb", peak(incremental), decimals: 1)
        report.set("incremental_floor_ms", seconds(floorIncremental) * 1000, decimals: 2)
        report.set("incremental_floor_peak_rss_mb", peak(floorIncremental), decimals: 1)
        report.set("nothing_new_ms", seconds(nothing) * 1000, decimals: 2)
        report.set("nothing_new_floor_ms", seconds(floorNothing) * 1000, decimals: 2)
        report.set("nothing_new_floor_peak_rss_mb", peak(floorNothing), decimals: 1)
        report.set("nothing_new_bytes", Double(bytes(nothing)))
        report.set("nothing_new_peak_rss_mb", peak(nothing), decimals: 1)
        report.set("push_count", Double(pushCount))
        report.set("push_seconds", seconds(push), decimals: 3)
        report.set("push_rev_per_s", Double(pushCount) / seconds(push), decimals: 1)
        report.set("push_bytes", Double(bytes(push)))
        report.set("push_peak_rss_mb", peak(push), decimals: 1)
        return report
    }
}
