import Foundation
import SyncCrypto

/// Floor B (`floor_insert --verify KEYS --threads 2`): the inserting thread
/// reads the records in chunks of 512 and hands each to two verifier
/// threads, up to 8 chunks in flight, while it writes the chunks already
/// verified, in input order, as floor A does (one transaction, one table +
/// FTS5); with `upsert`, as `floor_insert --upsert` does. One key checks
/// every record: the bench's records have one author (the C floor picks one
/// of 12 keys by city).
struct FloorPipeline {
    static let chunkSize = 512
    static let slots = 8
    static let threads = 2

    let key: Ed25519PublicKey
    var upsert = false

    struct Tally {
        var records = 0
        var written = 0
        /// Records whose signature (or layout) failed: not written.
        var failed = 0
    }

    /// Runs the whole floor, from opening the database at `path` to closing
    /// it (floor_insert's own timing), reading `input` to its end.
    func run(_ input: FloorRecordReader, into path: String) throws -> Tally {
        let queue = BoundedQueue<FloorChunk>(capacity: Self.slots)
        let verifiers = DispatchGroup()
        let key = self.key
        for _ in 0..<Self.threads {
            verifiers.enter()
            Thread.detachNewThread {
                while let chunk = queue.pop() { chunk.verify(with: key) }
                verifiers.leave()
            }
        }
        // On every way out: the verifiers finish what was queued, then stop.
        defer {
            queue.close()
            verifiers.wait()
        }
        var tally = Tally()
        let floor = try FloorDatabase(path: path)
        try floor.db.inTransaction {
            var inFlight: [FloorChunk] = []
            var atEnd = false
            while true {
                while !atEnd && inFlight.count < Self.slots {
                    let records = try input.next(Self.chunkSize)
                    if records.isEmpty { atEnd = true; break }
                    let chunk = FloorChunk(records: records)
                    queue.push(chunk)
                    inFlight.append(chunk)
                }
                guard !inFlight.isEmpty else { break }
                for article in inFlight.removeFirst().verifiedArticles() {
                    tally.records += 1
                    guard let article else { tally.failed += 1; continue }
                    try floor.write(article, upsert: upsert)
                    tally.written += 1
                }
            }
        }
        return tally
    }
}
