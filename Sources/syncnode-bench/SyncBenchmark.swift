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
/// Floor beside (a): the same records as one JSON Lines body over libcurl,
/// verified on two threads and inserted with bare statements (FloorDownload);
/// beside (b) and (c), the same floor on the 10 changed records and on an
/// empty body, written into the floor's store from (a).
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

        Progress.say("sync: origin: signing and storing \(count) articles (setup)")
        let floorFile = scratch.file("floor.jsonl")
        guard FileManager.default.createFile(atPath: floorFile, contents: nil),
              let floorOut = FileHandle(forWritingAtPath: floorFile) else {
            throw BenchError("cannot write \(floorFile)")
        }
        let now = WallClock.nowMillis()
        let t0 = now - 86_400_000
        let writer = try RowWriter(db: origin.store.db)
        try origin.store.db.inTransaction {
            var buffer: [UInt8] = []
            for i in 0..<count {
                let r = Revision(documentID: generator.id(i), kind: .article, dot: Dot(actor: "origin", counter: UInt64(i + 1)),
                                 context: VersionVector(), author: "origin",
                                 timestamp: HybridTimestamp(millis: t0, logical: UInt32(i)), tombstone: false,
                                 content: generator.content(i))
                let signed = SignedRevision(revision: r, signature: try originKey.sign(CanonicalEncoding.signingBytes(of: r)))
                let seq = try writer.write(signed, origin: nil, now: t0)
                buffer += FloorLine.encode(seq: seq, signed: signed)
                if buffer.count > 4 << 20 {
                    try floorOut.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try floorOut.write(contentsOf: buffer)
            try origin.store.setMeta("counter", String(count))
            try origin.store.setMeta("hlc_millis", String(t0))
            try origin.store.setMeta("hlc_logical", String(count))
        }
        try floorOut.close()

        let responder = BenchResponder(floorDirectory: scratch.path)
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

        Progress.say("sync: floor: one JSON Lines download, verify on 2 threads, bare inserts")
        func runFloor(_ name: String, expect: Int) throws -> JSONValue {
            try ChildProcess.run(["_floor", "--url", url, "--ca", ca.caCertificatePath, "--db", scratch.file("floor.sqlite"),
                                  "--key", origin.identity.publicKey.base64url, "--count", String(expect),
                                  "--path", "/" + name, "--existing", name == "floor.jsonl" ? "no" : "yes"])
        }
        let floor = try runFloor("floor.jsonl", expect: count)
        Progress.say("sync: (a) initial pull of \(count) articles")
        let initial = try pull(pullerHome, expect: count)

        Progress.say("sync: (b) origin edits 10 articles; incremental pull")
        for k in 0..<10 {
            let i = k * (count / 10)
            _ = try origin.edit(generator.id(i), set: ["summary": .text("Updated at the origin: " + generator.content(i, version: 1).text("summary"))])
        }
        let incremental = try pull(pullerHome, expect: 10)
        let changed = try origin.store.changes(after: Int64(count), limit: 100)
        try Data(changed.flatMap { FloorLine.encode(seq: $0.seq, signed: $0.signed) }).write(to: URL(fileURLWithPath: scratch.file("floor-b.jsonl")))
        let floorIncremental = try runFloor("floor-b.jsonl", expect: 10)
        Progress.say("sync: (c) a pull with nothing new")
        let nothing = try pull(pullerHome, expect: 0)
        try Data().write(to: URL(fileURLWithPath: scratch.file("floor-c.jsonl")))
        let floorNothing = try runFloor("floor-c.jsonl", expect: 0)

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
                      ratio: Format.ratio(ratio), target: "<= 2.00x", met: ratio <= 2),
            ResultRow(figure: "(a) revisions/s", value: Format.count(n / seconds(initial)), floor: Format.count(n / seconds(floor)),
                      ratio: Format.ratio(ratio)),
            ResultRow(figure: "(a) bytes on the wire", value: Format.bytes(bytes(initial)), floor: Format.bytes(bytes(floor)),
                      ratio: Format.ratio(Double(bytes(initial)) / Double(bytes(floor)))),
            ResultRow(figure: "(a) peak RSS, puller", value: Format.megabytes(peak(initial)), floor: Format.megabytes(peak(floor)),
                      target: "< 100 MB", met: peak(initial) < 100),
            ResultRow(figure: "(b) pull of 10 changed", value: Format.seconds(seconds(incremental)),
                      floor: Format.seconds(seconds(floorIncremental)),
                      ratio: Format.ratio(seconds(incremental) / seconds(floorIncremental)), target: "< 50 ms",
                      met: seconds(incremental) < 0.05),
            ResultRow(figure: "(b) revisions/s", value: Format.count(10 / seconds(incremental)),
                      floor: Format.count(10 / seconds(floorIncremental)),
                      ratio: Format.ratio(seconds(incremental) / seconds(floorIncremental))),
            ResultRow(figure: "(b) bytes on the wire", value: Format.bytes(bytes(incremental)), floor: Format.bytes(bytes(floorIncremental)),
                      ratio: Format.ratio(Double(bytes(incremental)) / Double(bytes(floorIncremental)))),
            ResultRow(figure: "(b) peak RSS, puller", value: Format.megabytes(peak(incremental)),
                      floor: Format.megabytes(peak(floorIncremental)), target: "< 100 MB", met: peak(incremental) < 100),
            ResultRow(figure: "(c) pull, nothing new", value: Format.seconds(seconds(nothing)),
                      floor: Format.seconds(seconds(floorNothing)),
                      ratio: Format.ratio(seconds(nothing) / seconds(floorNothing)), target: "< 50 ms",
                      met: seconds(nothing) < 0.05),
            ResultRow(figure: "(c) bytes on the wire", value: Format.bytes(bytes(nothing)), floor: Format.bytes(bytes(floorNothing))),
            ResultRow(figure: "(c) peak RSS, puller", value: Format.megabytes(peak(nothing)),
                      floor: Format.megabytes(peak(floorNothing)), target: "< 100 MB", met: peak(nothing) < 100),
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
            "floor: one GET of a JSON Lines body ({seq, canonical bytes, signature} per record, served from a file) with libcurl,",
            "  Ed25519 verification on 2 threads pipelined with the download, bare inserts (same schema + FTS5) on a third thread;",
            "  for (b) and (c) the same on the 10 changed records and on an empty body, into the floor's store from (a), timed",
            "  from opening that store (the node's times include opening the node, its keys and peer files, and its run record).",
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
        report.set("floor_bytes", Double(bytes(floor)))
        report.set("floor_peak_rss_mb", peak(floor), decimals: 1)
        report.set("initial_ratio", ratio, decimals: 3)
        report.set("incremental_ms", seconds(incremental) * 1000, decimals: 2)
        report.set("incremental_rev_per_s", 10 / seconds(incremental), decimals: 1)
        report.set("incremental_bytes", Double(bytes(incremental)))
        report.set("incremental_peak_rss_mb", peak(incremental), decimals: 1)
        report.set("incremental_floor_ms", seconds(floorIncremental) * 1000, decimals: 2)
        report.set("incremental_floor_bytes", Double(bytes(floorIncremental)))
        report.set("incremental_floor_peak_rss_mb", peak(floorIncremental), decimals: 1)
        report.set("nothing_new_ms", seconds(nothing) * 1000, decimals: 2)
        report.set("nothing_new_floor_ms", seconds(floorNothing) * 1000, decimals: 2)
        report.set("nothing_new_floor_bytes", Double(bytes(floorNothing)))
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
