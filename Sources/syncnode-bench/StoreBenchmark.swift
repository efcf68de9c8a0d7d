import Foundation
import SQLite
import SyncCore
import SyncNode
import SyncStore

/// `syncnode-bench store`: import N articles through `syncnode import`'s code
/// path (LocalNode.importRecords on a fresh home), then 200 searches through
/// Store.search. Floor in the same run: the same rows inserted with two bare
/// prepared statements in one transaction into a store made by Store.create
/// (same schema, same full-text index rows), and the same searches as bare FTS5
/// queries ranked by FTS5 alone.
struct StoreBenchmark {
    let count: Int
    let searches = 200

    func run() throws -> BenchReport {
        let scratch = try Scratch("store")
        let generator = ArticleGenerator(vocabulary: Vocabulary(), seed: 0x5709_E000, idNode: "bench")
        let now = WallClock.nowMillis()

        // Floor first, from revisions built before the clock starts.
        Progress.say("store: building \(count) floor rows")
        let floorStore = try Store.create(at: scratch.file("floor.sqlite"), nodeName: "bench", now: now)
        let floorSeconds: Double, floorCPU: Double
        do {
            let revisions = (0..<count).map { i in
                SignedRevision(revision: Revision(
                    documentID: generator.id(i), kind: .article, dot: Dot(actor: "bench", counter: UInt64(i + 1)),
                    context: VersionVector(), author: "bench", timestamp: HybridTimestamp(millis: now, logical: UInt32(i)),
                    tombstone: false, content: generator.content(i)), signature: [UInt8](repeating: 7, count: 64))
            }
            Progress.say("store: floor: inserting \(count) rows with bare statements")
            let writer = try RowWriter(db: floorStore.db)
            (_, floorSeconds, floorCPU) = try Stopwatch.measure {
                try floorStore.db.inTransaction {
                    for r in revisions { try writer.write(r, origin: nil, now: now) }
                }
            }
        }

        Progress.say("store: generating \(count) records")
        var records: [(record: DocumentRecord, file: String, line: Int)] = []
        records.reserveCapacity(count)
        for i in 0..<count {
            let record = DocumentRecord(id: generator.id(i), kind: .article, content: generator.content(i))
            try DocumentSchema.validate(record.content, kind: .article)
            records.append((record, "bench.jsonl", i + 1))
        }
        let home = NodeHome(path: scratch.file("home"))
        let node = try LocalNode.initialise(home: home, name: "bench")
        Progress.say("store: importing \(count) records through LocalNode.importRecords")
        let baseRSS = PeakMemory.currentMegabytes()
        let resetOK = PeakMemory.reset()
        let (summary, importSeconds, importCPU) = try Stopwatch.measure { try node.importRecords(records, files: 1, now: now) }
        let peak = PeakMemory.megabytes()
        guard summary.created == count else {
            throw BenchError("import created \(summary.created) documents, expected \(count)")
        }
        records = []

        let sample = stride(from: 0, to: count, by: max(1, count / 100)).map { generator.id($0) }
        let difference = try RowCheck.firstDifference(node.store.db, floorStore.db, ids: sample)
        if let difference { Progress.say("WARNING: the floor's rows differ from the imported ones: \(difference)") }

        Progress.say("store: \(searches) searches")
        let queries = generator.queries(searches)
        let store = node.store
        let bare = try store.db.makeStatement(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT 20")
        let counter = try store.db.makeStatement("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?")
        var matches: [Double] = []
        for q in queries {   // warm the page cache the same way for both, untimed
            _ = try bare.rows([Self.ftsQuery(q)])
            matches.append(Double(try counter.rows([Self.ftsQuery(q)]).first?.int(0) ?? 0))
        }
        var searchTimes: [Double] = []
        var hits = 0
        for q in queries {
            let (found, s) = try Stopwatch.time { try store.search(q) }
            searchTimes.append(s * 1000)
            hits += found.count
        }
        var floorTimes: [Double] = []
        for q in queries {
            let fts = Self.ftsQuery(q)
            let (_, s) = try Stopwatch.time { try bare.rows([fts]) }
            floorTimes.append(s * 1000)
        }
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: home.storePath)[.size] as? Int) ?? 0

        var report = BenchReport(title: "syncnode-bench store: \(Format.count(Double(count))) articles, \(searches) searches")
        let importRate = Double(count) / importSeconds, floorRate = Double(count) / floorSeconds
        let importRatio = importSeconds / floorSeconds
        let p50 = Format.percentile(searchTimes, 50), p99 = Format.percentile(searchTimes, 99)
        let f50 = Format.percentile(floorTimes, 50), f99 = Format.percentile(floorTimes, 99)
        report.rows = [
            ResultRow(figure: "import (rows/s)", value: Format.count(importRate), floor: Format.count(floorRate),
                      ratio: Format.ratio(importRatio), target: "<= 1.50x", met: importRatio <= 1.5),
            ResultRow(figure: "import time", value: Format.seconds(importSeconds), floor: Format.seconds(floorSeconds),
                      ratio: Format.ratio(importRatio)),
            ResultRow(figure: "import CPU time", value: Format.seconds(importCPU), floor: Format.seconds(floorCPU),
                      ratio: Format.ratio(importCPU / floorCPU)),
            ResultRow(figure: "search p50", value: Format.fixed(p50, 2) + " ms", floor: Format.fixed(f50, 2) + " ms",
                      ratio: Format.ratio(p50 / f50), target: "< 5 ms", met: p50 < 5),
            ResultRow(figure: "search p99", value: Format.fixed(p99, 2) + " ms", floor: Format.fixed(f99, 2) + " ms",
                      ratio: Format.ratio(p99 / f99)),
            ResultRow(figure: "peak RSS (import)", value: Format.megabytes(peak)),
        ]
        report.notes = [
            "import: LocalNode.importRecords (the `syncnode import` path, signing included) on a fresh home, one transaction;",
            "  floor: the same revisions + documents rows via two prepared statements in one transaction, same schema, FTS5 rows written by statement as the store does.",
            "search: Store.search (bm25 weights, snippet, join) vs bare `SELECT rowid ... MATCH ? ORDER BY rank LIMIT 20`;",
            "  query words drawn uniformly from the content vocabulary; matching documents per query: median \(Format.count(Format.percentile(matches, 50))), p90 \(Format.count(Format.percentile(matches, 90))).",
            "peak RSS: VmHWM during the import\(resetOK ? " (mark reset before it)" : " (could not reset the mark: includes setup)"); the \(Format.count(Double(count))) input records held in memory (the array form of importRecords; `syncnode import` streams them) were \(Format.megabytes(baseRSS)) of RSS before it.",
            "store file: \(Format.bytes(fileBytes)); rows identical to the floor's on \(sample.count) sampled documents: \(difference == nil ? "yes" : "NO (\(difference!))").",
        ]
        report.set("count", Double(count))
        report.set("import_seconds", importSeconds, decimals: 3)
        report.set("floor_seconds", floorSeconds, decimals: 3)
        report.set("import_rows_per_s", importRate, decimals: 1)
        report.set("floor_rows_per_s", floorRate, decimals: 1)
        report.set("import_ratio", importRatio, decimals: 3)
        report.set("import_cpu_seconds", importCPU, decimals: 3)
        report.set("floor_cpu_seconds", floorCPU, decimals: 3)
        report.set("search_p50_ms", p50, decimals: 3)
        report.set("search_p99_ms", p99, decimals: 3)
        report.set("floor_search_p50_ms", f50, decimals: 3)
        report.set("floor_search_p99_ms", f99, decimals: 3)
        report.set("search_hits", Double(hits))
        report.set("search_median_matches", Format.percentile(matches, 50))
        report.set("peak_rss_mb", peak ?? 0, decimals: 1)
        report.set("rss_before_import_mb", baseRSS ?? 0, decimals: 1)
        report.set("store_bytes", Double(fileBytes))
        report.set("rows_identical", difference == nil)
        return report
    }

    /// The FTS5 query Store.search builds from free text (each word quoted, all required).
    static func ftsQuery(_ text: String) -> String {
        text.split(separator: " ").map { "\"\($0)\"" }.joined(separator: " ")
    }
}
