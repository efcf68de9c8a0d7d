import Foundation
import SQLite
import SyncCore
import SyncNode
import SyncStore

/// `syncnode-bench store`: import N articles through `syncnode import`'s code
/// path (LocalNode.importRecords on a fresh home), then 200 searches through
/// Store.search. Floors in the same run, on the same articles: floor A of
/// ../shared/bench (FloorDatabase: one table + FTS5, prepared inserts in
/// one transaction), and compare.sh's bm25 + snippet query on floor A's
/// database for the searches.
struct StoreBenchmark {
    let count: Int
    let searches = 200

    func run() throws -> BenchReport {
        let scratch = try Scratch("store")
        let generator = ArticleGenerator(vocabulary: Vocabulary(), seed: 0x5709_E000, idNode: "bench")
        let now = WallClock.nowMillis()

        // Floor A first, on articles split into their columns before the clock starts.
        Progress.say("store: floor A: \(count) articles into one table + FTS5")
        let floorPath = scratch.file("floor.db")
        let floorSeconds: Double, floorCPU: Double
        do {
            let articles = (0..<count).map { FloorArticle(id: generator.id($0), content: generator.content($0)) }
            (_, floorSeconds, floorCPU) = try Stopwatch.measure { try FloorDatabase.write(articles, to: floorPath, upsert: false) }
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

        Progress.say("store: \(searches) searches, and the same on floor A's database")
        let queries = generator.queries(searches)
        let store = node.store
        let floorDB = try Connection(path: floorPath, mode: .readWrite)
        let floorRows = try floorDB.firstRow("SELECT count(*) FROM articles")?.int(0) ?? 0
        guard floorRows == count else { throw BenchError("floor A wrote \(floorRows) rows into \(floorPath), expected \(count)") }
        let floorSearch = try floorDB.makeStatement(FloorDatabase.searchSQL)
        let counter = try floorDB.makeStatement("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?")
        var matches: [Double] = []
        for q in queries {   // warm both page caches the same way, untimed
            _ = try store.search(q)
            _ = try floorSearch.rows([Self.ftsQuery(q)])
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
        var floorHits = 0
        for q in queries {
            let (found, s) = try Stopwatch.time { try floorSearch.rows([Self.ftsQuery(q)]) }
            floorTimes.append(s * 1000)
            floorHits += found.count
        }
        func bytes(_ path: String) -> Int {
            Int((FileManager.default.sizeOfItem(atPath: path) ?? 0) + (FileManager.default.sizeOfItem(atPath: path + "-wal") ?? 0))
        }
        let storeBytes = bytes(home.storePath), floorBytes = bytes(floorPath)

        var report = BenchReport(title: "syncnode-bench store: \(Format.count(Double(count))) articles, \(searches) searches")
        let importRate = Double(count) / importSeconds, floorRate = Double(count) / floorSeconds
        let importRatio = importSeconds / floorSeconds
        let p50 = Format.percentile(searchTimes, 50), p99 = Format.percentile(searchTimes, 99)
        let f50 = Format.percentile(floorTimes, 50), f99 = Format.percentile(floorTimes, 99)
        report.rows = [
            ResultRow(figure: "import (rows/s)", value: Format.count(importRate), floor: Format.count(floorRate),
                      ratio: Format.ratio(importRatio), target: "<= 1.50x", met: importRatio <= 1.5, comparedWith: FloorName.a),
            ResultRow(figure: "import time", value: Format.seconds(importSeconds), floor: Format.seconds(floorSeconds),
                      ratio: Format.ratio(importRatio), comparedWith: FloorName.a),
            ResultRow(figure: "import CPU time", value: Format.seconds(importCPU), floor: Format.seconds(floorCPU),
                      ratio: Format.ratio(importCPU / floorCPU), comparedWith: FloorName.a),
            ResultRow(figure: "search p50", value: Format.fixed(p50, 2) + " ms", floor: Format.fixed(f50, 2) + " ms",
                      ratio: Format.ratio(p50 / f50), target: "< 5 ms", met: p50 < 5, comparedWith: FloorName.search),
            ResultRow(figure: "search p99", value: Format.fixed(p99, 2) + " ms", floor: Format.fixed(f99, 2) + " ms",
                      ratio: Format.ratio(p99 / f99), comparedWith: FloorName.search),
            ResultRow(figure: "store size", value: Format.bytes(storeBytes), floor: Format.bytes(floorBytes),
                      ratio: Format.ratio(Double(storeBytes) / Double(floorBytes)), comparedWith: FloorName.aFile),
            ResultRow(figure: "peak RSS (import)", value: Format.megabytes(peak)),
        ]
        report.notes = [
            "import: LocalNode.importRecords (the `syncnode import` path, signing included) on a fresh home, one transaction.",
            "floor A (../shared/bench/floor_insert.c in Swift): the same articles' id, title, summary, body, category, tags,",
            "  city, date and url into one table + an external-content FTS5 index (title, summary, body): per article one prepared",
            "  INSERT of the row and one of its index entry, one transaction, WAL, synchronous=NORMAL; timed from opening the",
            "  database to closing it (the closing checkpoint included, as in the C floor); the columns are split out before.",
            "search: Store.search (bm25 weights, snippet, join) vs compare.sh's floor query (bm25, snippet, join, LIMIT 20) on",
            "  floor A's database, both in this process (compare.sh runs the sqlite3 CLI); each word quoted, all required;",
            "  query words drawn uniformly from the content vocabulary; matching documents per query: median \(Format.count(Format.percentile(matches, 50))), p90 \(Format.count(Format.percentile(matches, 90))); rows returned: \(hits) vs \(floorHits).",
            "peak RSS: VmHWM during the import\(resetOK ? " (mark reset before it)" : " (could not reset the mark: includes setup)"); the \(Format.count(Double(count))) input records held in memory (the array form of importRecords; `syncnode import` streams them) were \(Format.megabytes(baseRSS)) of RSS before it.",
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
        report.set("floor_search_hits", Double(floorHits))
        report.set("search_median_matches", Format.percentile(matches, 50))
        report.set("peak_rss_mb", peak ?? 0, decimals: 1)
        report.set("rss_before_import_mb", baseRSS ?? 0, decimals: 1)
        report.set("store_bytes", Double(storeBytes))
        report.set("floor_db_bytes", Double(floorBytes))
        return report
    }

    /// compare.sh's match expression: each word with its quotes removed,
    /// quoted, all of them required.
    static func ftsQuery(_ text: String) -> String {
        text.split(separator: " ").map { "\"\($0.filter { $0 != "\"" })\"" }.joined(separator: " ")
    }
}
