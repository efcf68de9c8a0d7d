import Foundation
import SQLite
import SyncCore
import SyncCrypto
import SyncNode
import SyncStore

/// `syncnode-bench merge`: a node holds N documents it received from a peer
/// and has edited 10% of them itself; the peer then sends an edit of every
/// document. The N revisions go through ChangeSetApplier.verify then applyVerified (the
/// pull and push path: Ed25519 verification on two threads, then
/// Store.apply in one transaction) in batches of 500 as Puller does; the 10%
/// concurrent with a local edit become siblings. Floor in the same run: the
/// same revision rows and document rows written with bare prepared
/// statements into a copy of the same store, in the same batches.
struct MergeBenchmark {
    let count: Int
    let batch = 500

    func run() throws -> BenchReport {
        let scratch = try Scratch("merge")
        let generator = ArticleGenerator(vocabulary: Vocabulary(), seed: 0x3E26_E000, idNode: "remote")
        var keySeed = SplitMix64(seed: 42)
        let remoteKey = try Ed25519PrivateKey(seed: keySeed.bytes(32))
        let now = WallClock.nowMillis()
        let t0 = now - 3_600_000

        let home = NodeHome(path: scratch.file("home"))
        let node = try LocalNode.initialise(home: home, name: "local")
        try TrustStore.save(PeerConfig(name: "remote", url: "https://127.0.0.1:9", publicKey: remoteKey.publicKey),
                            in: home.peersPath)
        let trust = try TrustStore(directory: home.peersPath, selfIdentity: node.identity)

        func revision(_ i: Int, version: Int) throws -> SignedRevision {
            let dot = Dot(actor: "remote", counter: UInt64(version * count + i + 1))
            let context = version == 0 ? VersionVector() : VersionVector(["remote": UInt64(i + 1)])
            let r = Revision(documentID: generator.id(i), kind: .article, dot: dot, context: context, author: "remote",
                             timestamp: HybridTimestamp(millis: t0 + UInt64(version) * 1000, logical: UInt32(i)),
                             tombstone: false, content: generator.content(i, version: version))
            return SignedRevision(revision: r, signature: try remoteKey.sign(CanonicalEncoding.signingBytes(of: r)))
        }

        Progress.say("merge: setting up a store of \(count) received documents")
        let store = node.store
        let setupWriter = try RowWriter(db: store.db)
        try store.db.inTransaction {
            for i in 0..<count { try setupWriter.write(try revision(i, version: 0), origin: "remote", now: now) }
            try store.setMeta("hlc_millis", String(t0))
        }
        Progress.say("merge: editing \(count / 10) of them locally")
        try store.write { _ in
            for i in stride(from: 0, to: count, by: 10) {
                var c = generator.content(i)
                c["summary"] = .text("Edited locally: " + c.text("summary"))
                _ = try node.edit(generator.id(i), set: ["summary": c["summary"]], now: now)
            }
        }
        let floorPath = scratch.file("floor.sqlite")
        try store.backup(to: floorPath)

        Progress.say("merge: applying \(count) revisions through ChangeSetApplier.verify then applyVerified")
        let applier = ChangeSetApplier(trust: trust)
        var applySeconds = 0.0, applyCPU = 0.0
        var tally = (received: 0, applied: 0, conflicts: 0)
        let baseRSS = PeakMemory.currentMegabytes()
        let resetOK = PeakMemory.reset()
        for start in stride(from: 0, to: count, by: batch) {
            let revisions = try (start..<min(count, start + batch)).map { try revision($0, version: 1) }
            let (t, s, cpu) = try Stopwatch.measure {
                // What the push handler does: verify, then apply in a write.
                let refusals = try applier.verify(revisions, from: "remote")
                return try store.write { scope in
                    try applier.applyVerified(revisions, refusals: refusals, from: "remote", to: store, now: WallClock.nowMillis(),
                                              in: scope)
                }
            }
            applySeconds += s
            applyCPU += cpu
            tally.received += t.received
            tally.applied += t.applied
            tally.conflicts += t.conflicts
        }
        let peak = PeakMemory.megabytes()
        guard tally.applied == count, tally.conflicts == (count + 9) / 10 else {
            throw BenchError("merge applied \(tally.applied) of \(count) revisions with \(tally.conflicts) conflicts; expected \(count) and \((count + 9) / 10)")
        }
        let siblings = try store.db.firstRow("SELECT count(*) FROM documents WHERE sibling_count > 1")?.int(0) ?? 0

        Progress.say("merge: floor: the same rows with bare statements")
        let floorStore = try Store.open(at: floorPath)
        let writer = try RowWriter(db: floorStore.db)
        var floorSeconds = 0.0, floorCPU = 0.0
        for start in stride(from: 0, to: count, by: batch) {
            let revisions = try (start..<min(count, start + batch)).map { try revision($0, version: 1) }
            let (_, s, cpu) = try Stopwatch.measure {
                try floorStore.db.inTransaction {
                    for r in revisions { try writer.write(r, origin: "remote", now: now) }
                }
            }
            floorSeconds += s
            floorCPU += cpu
        }
        let sample = stride(from: 1, to: count, by: max(1, count / 100)).filter { $0 % 10 != 0 }.map { generator.id($0) }
        let difference = try RowCheck.firstDifference(store.db, floorStore.db, ids: sample)
        if let difference { Progress.say("WARNING: the floor's rows differ from the applied ones: \(difference)") }

        var report = BenchReport(title: "syncnode-bench merge: \(Format.count(Double(count))) revisions into a store of \(Format.count(Double(count))) documents")
        let rate = Double(count) / applySeconds, floorRate = Double(count) / floorSeconds
        let ratio = applySeconds / floorSeconds
        report.rows = [
            ResultRow(figure: "apply (revisions/s)", value: Format.count(rate), floor: Format.count(floorRate),
                      ratio: Format.ratio(ratio), target: "<= 1.50x", met: ratio <= 1.5),
            ResultRow(figure: "apply time", value: Format.seconds(applySeconds), floor: Format.seconds(floorSeconds),
                      ratio: Format.ratio(ratio)),
            ResultRow(figure: "apply CPU time (all threads)", value: Format.seconds(applyCPU), floor: Format.seconds(floorCPU),
                      ratio: Format.ratio(applyCPU / floorCPU)),
            ResultRow(figure: "concurrent (siblings)", value: Format.count(Double(tally.conflicts))),
            ResultRow(figure: "peak RSS (apply)", value: Format.megabytes(peak)),
        ]
        report.notes = [
            "apply: ChangeSetApplier.verify then applyVerified in batches of \(batch) (Ed25519 verification on 2 threads, then Store.apply in one transaction per batch);",
            "  10% of the revisions are concurrent with a local edit and become siblings (\(Format.count(Double(siblings))) documents with siblings after the run).",
            "floor: the same revision rows + document rows (upsert, old text out of and new text into the FTS5 index) with bare prepared statements, same batches, no verification.",
            "peak RSS: VmHWM during the apply phase\(resetOK ? " (mark reset before it; \(Format.megabytes(baseRSS)) resident at its start)" : " (mark could not be reset)"); revisions are built 500 at a time, outside the timing.",
            "rows identical to the floor's on \(sample.count) sampled non-concurrent documents: \(difference == nil ? "yes" : "NO (\(difference!))").",
        ]
        report.set("count", Double(count))
        report.set("apply_seconds", applySeconds, decimals: 3)
        report.set("floor_seconds", floorSeconds, decimals: 3)
        report.set("revisions_per_s", rate, decimals: 1)
        report.set("floor_rows_per_s", floorRate, decimals: 1)
        report.set("ratio", ratio, decimals: 3)
        report.set("apply_cpu_seconds", applyCPU, decimals: 3)
        report.set("floor_cpu_seconds", floorCPU, decimals: 3)
        report.set("conflicts", Double(tally.conflicts))
        report.set("peak_rss_mb", peak ?? 0, decimals: 1)
        report.set("rss_before_apply_mb", baseRSS ?? 0, decimals: 1)
        report.set("rows_identical", difference == nil)
        return report
    }
}
