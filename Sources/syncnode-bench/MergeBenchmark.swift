import Foundation
import SyncCore
import SyncCrypto
import SyncNode
import SyncStore

/// `syncnode-bench merge`: a node holds N documents it received from a peer
/// and has edited 10% of them itself; the peer then sends an edit of every
/// document. The N revisions go through ChangeSetApplier.verify then applyVerified (the
/// pull and push path: Ed25519 verification on two threads, then
/// Store.apply in one transaction) in batches of 500 as Puller does; the 10%
/// concurrent with a local edit become siblings. Floor in the same run:
/// `floor_insert --upsert` (../shared/bench) in Swift on floor A's table
/// holding the same documents, for the same edits, without verification
/// (as the shared upsert floor).
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
        let seed = StoreSeed(generator: generator, actor: "remote", key: remoteKey, t0: t0)

        /// The peer's edit of article `i` (its second revision of it).
        func edit(_ i: Int) throws -> SignedRevision {
            let r = Revision(documentID: generator.id(i), kind: .article, dot: Dot(actor: "remote", counter: UInt64(count + i + 1)),
                             context: VersionVector(["remote": UInt64(i + 1)]), author: "remote",
                             timestamp: HybridTimestamp(millis: t0 + 1000, logical: UInt32(i)),
                             tombstone: false, content: generator.content(i, version: 1))
            return SignedRevision(revision: r, signature: try remoteKey.sign(CanonicalEncoding.signingBytes(of: r)))
        }
        /// The local edit of every tenth article.
        func locallyEdited(_ i: Int) -> Content {
            var c = generator.content(i)
            c["summary"] = .text("Edited locally: " + c.text("summary"))
            return c
        }
        let localEdits = stride(from: 0, to: count, by: 10)

        Progress.say("merge: setting up a store of \(count) received documents")
        let store = node.store
        try seed.fill(store, count: count, origin: "remote")
        Progress.say("merge: editing \(count / 10) of them locally")
        try store.write { _ in
            for i in localEdits { _ = try node.edit(generator.id(i), set: ["summary": locallyEdited(i)["summary"]], now: now) }
        }

        Progress.say("merge: applying \(count) revisions through ChangeSetApplier.verify then applyVerified")
        let applier = ChangeSetApplier(trust: trust)
        var verifySeconds = 0.0, storeSeconds = 0.0, applyCPU = 0.0
        var tally = (received: 0, applied: 0, conflicts: 0)
        let baseRSS = PeakMemory.currentMegabytes()
        let resetOK = PeakMemory.reset()
        for start in stride(from: 0, to: count, by: batch) {
            let revisions = try (start..<min(count, start + batch)).map(edit)
            // What the push handler does: verify, then apply in a write.
            let (refusals, v, cpuV) = try Stopwatch.measure { try applier.verify(revisions, from: "remote") }
            let (t, s, cpuS) = try Stopwatch.measure {
                try store.write { scope in
                    try applier.applyVerified(revisions, refusals: refusals, from: "remote", to: store, now: WallClock.nowMillis(),
                                              in: scope)
                }
            }
            verifySeconds += v
            storeSeconds += s
            applyCPU += cpuV + cpuS
            tally.received += t.received
            tally.applied += t.applied
            tally.conflicts += t.conflicts
        }
        let applySeconds = verifySeconds + storeSeconds
        let peak = PeakMemory.megabytes()
        guard tally.applied == count, tally.conflicts == (count + 9) / 10 else {
            throw BenchError("merge applied \(tally.applied) of \(count) revisions with \(tally.conflicts) conflicts; expected \(count) and \((count + 9) / 10)")
        }
        let siblings = try store.db.firstRow("SELECT count(*) FROM documents WHERE sibling_count > 1")?.int(0) ?? 0

        Progress.say("merge: floor: floor A's table with the same documents and local edits (setup), then floor_insert --upsert")
        let floorPath = scratch.file("floor.db")
        try FloorDatabase.write((0..<count).map { FloorArticle(id: generator.id($0), content: generator.content($0)) },
                                to: floorPath, upsert: false)
        try FloorDatabase.write(localEdits.map { FloorArticle(id: generator.id($0), content: locallyEdited($0)) },
                                to: floorPath, upsert: true)
        let edits = (0..<count).map { FloorArticle(id: generator.id($0), content: generator.content($0, version: 1)) }
        let (_, floorSeconds, floorCPU) = try Stopwatch.measure { try FloorDatabase.write(edits, to: floorPath, upsert: true) }
        let floorCheck = try FloorDatabase(path: floorPath)
        let floorRows = try floorCheck.db.firstRow("SELECT count(*) FROM articles")?.int(0) ?? 0
        guard floorRows == count else { throw BenchError("the upsert floor left \(floorRows) rows in \(floorPath), expected \(count)") }
        // The 'delete' commands must have found the old texts: FTS5 checks its index against the table.
        do {
            try floorCheck.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")
        } catch {
            throw BenchError("the upsert floor's FTS5 index disagrees with its table in \(floorPath): \(error)")
        }

        var report = BenchReport(title: "syncnode-bench merge: \(Format.count(Double(count))) revisions into a store of \(Format.count(Double(count))) documents")
        let rate = Double(count) / applySeconds, floorRate = Double(count) / floorSeconds
        let ratio = applySeconds / floorSeconds
        report.rows = [
            ResultRow(figure: "apply (revisions/s)", value: Format.count(rate), floor: Format.count(floorRate),
                      ratio: Format.ratio(ratio), target: "<= 1.50x", met: ratio <= 1.5, comparedWith: FloorName.upsert),
            ResultRow(figure: "apply time", value: Format.seconds(applySeconds), floor: Format.seconds(floorSeconds),
                      ratio: Format.ratio(ratio), comparedWith: FloorName.upsert),
            ResultRow(figure: "  of which verify (2 threads)", value: Format.seconds(verifySeconds)),
            ResultRow(figure: "  of which applyVerified", value: Format.seconds(storeSeconds), floor: Format.seconds(floorSeconds),
                      ratio: Format.ratio(storeSeconds / floorSeconds), comparedWith: FloorName.upsert),
            ResultRow(figure: "apply CPU time (all threads)", value: Format.seconds(applyCPU), floor: Format.seconds(floorCPU),
                      ratio: Format.ratio(applyCPU / floorCPU), comparedWith: FloorName.upsert),
            ResultRow(figure: "concurrent (siblings)", value: Format.count(Double(tally.conflicts))),
            ResultRow(figure: "peak RSS (apply)", value: Format.megabytes(peak)),
        ]
        report.notes = [
            "apply: ChangeSetApplier.verify then applyVerified in batches of \(batch) (Ed25519 verification on 2 threads, then Store.apply in one transaction per batch);",
            "  10% of the revisions are concurrent with a local edit and become siblings (\(Format.count(Double(siblings))) documents with siblings after the run).",
            "floor: ../shared/bench/floor_insert.c --upsert in Swift, on floor A's table (one table + FTS5) holding the same \(Format.count(Double(count))) documents",
            "  with the same local edits (setup): per edit, select the row by id, FTS5 'delete' of its old texts, UPDATE, insert the new",
            "  index entry; prepared statements, one transaction, timed from opening the database to closing it. It verifies NO",
            "  signature (nor does compare.sh's upsert floor): the node's figure includes the Ed25519 checks, shown apart above.",
            "  FTS5 integrity-check of the floor's index afterwards: ok.",
            "peak RSS: VmHWM during the apply phase\(resetOK ? " (mark reset before it; \(Format.megabytes(baseRSS)) resident at its start)" : " (mark could not be reset)"); revisions are built 500 at a time, outside the timing.",
        ]
        report.set("count", Double(count))
        report.set("apply_seconds", applySeconds, decimals: 3)
        report.set("verify_seconds", verifySeconds, decimals: 3)
        report.set("apply_verified_seconds", storeSeconds, decimals: 3)
        report.set("floor_seconds", floorSeconds, decimals: 3)
        report.set("revisions_per_s", rate, decimals: 1)
        report.set("floor_rows_per_s", floorRate, decimals: 1)
        report.set("ratio", ratio, decimals: 3)
        report.set("apply_verified_ratio", storeSeconds / floorSeconds, decimals: 3)
        report.set("apply_cpu_seconds", applyCPU, decimals: 3)
        report.set("floor_cpu_seconds", floorCPU, decimals: 3)
        report.set("floor_verifies", false)
        report.set("conflicts", Double(tally.conflicts))
        report.set("peak_rss_mb", peak ?? 0, decimals: 1)
        report.set("rss_before_apply_mb", baseRSS ?? 0, decimals: 1)
        return report
    }
}
