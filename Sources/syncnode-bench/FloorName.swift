/// What a table row is compared with, in the words the tables print in
/// their last column (and `--json` repeats under "floors"): each names the
/// shared floor (../shared/bench) it reimplements and how.
enum FloorName {
    static let none = "no floor"
    static let a = "floor A: one table + FTS5, prepared inserts, 1 transaction"
    static let aFile = "floor A's database file (+ WAL)"
    static let search = "compare.sh's bm25 + snippet SQL on floor A's db, in-process"
    static let upsert = "floor_insert --upsert on floor A's db, no verification"
    static let b = "floor B: Ed25519 on 2 threads, pipelined with floor A inserts"
    static let bUpsert = "floor B --upsert of the 10 into (a)'s floor db"
    static let bEmpty = "floor B --upsert of 0 records (open, BEGIN, COMMIT, close)"
    static let bProcess = "floor B's process (reads a local file, no download)"
    static let nginx = "nginx serving the same page bytes over TLS 1.3"
}
