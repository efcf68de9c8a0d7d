import Foundation
import HTTPClient
import SyncCore
import SyncCrypto
import SyncNode
import SyncProtocol
import SyncStore

/// The sync floor, run in a child process: download the records as one JSON
/// Lines body over TLS with libcurl (one request), verify every Ed25519
/// signature on two threads while the download goes on, and write the rows
/// with bare prepared statements in one transaction (same schema, same
/// full-text index rows) on a third thread: into a fresh store for the
/// initial pull, into that store again for the later ones (`existing`),
/// where a changed document's row is updated and its old text leaves the
/// index.
struct FloorDownload {
    let url: String
    let caFile: String
    let databasePath: String
    let publicKey: Ed25519PublicKey
    let expected: Int
    /// The body's path on the server.
    var path = "/floor.jsonl"
    /// Write into the store left by an earlier run instead of a new one.
    var existing = false

    typealias LineBatch = (index: Int, lines: [[UInt8]])
    typealias RevisionBatch = (index: Int, revisions: [SignedRevision])

    func run() throws -> JSONValue {
        let watch = Stopwatch()
        let lines = BoundedQueue<LineBatch>(capacity: 64)
        let verified = BoundedQueue<RevisionBatch>(capacity: 64)
        let failure = Locked<String?>(nil)
        let publicKey = self.publicKey

        let verifiers = DispatchGroup()
        for _ in 0..<2 {
            verifiers.enter()
            Thread.detachNewThread {
                while let batch = lines.pop() {
                    var out: [SignedRevision] = []
                    out.reserveCapacity(batch.lines.count)
                    for line in batch.lines {
                        guard let (message, signature) = FloorLine.decode(line[...]),
                              publicKey.isValidSignature(signature, for: message),
                              let revision = try? CanonicalReader.revision(from: message) else {
                            failure.withLock { $0 = $0 ?? "a record failed to decode or verify: \(String(decoding: line.prefix(80), as: UTF8.self))" }
                            continue
                        }
                        out.append(SignedRevision(revision: revision, signature: signature))
                    }
                    verified.push((batch.index, out))
                }
                verifiers.leave()
            }
        }
        Thread.detachNewThread {
            verifiers.wait()
            verified.close()
        }
        let inserted = Locked(0)
        let insertDone = DispatchSemaphore(value: 0)
        let databasePath = self.databasePath
        let existing = self.existing
        Thread.detachNewThread {
            defer { insertDone.signal() }
            do {
                let now = SyncNode.WallClock.nowMillis()
                let store = existing ? try Store.open(at: databasePath) : try Store.create(at: databasePath, nodeName: "floor", now: now)
                let writer = try RowWriter(db: store.db, intoExistingStore: existing)
                var pending: [Int: [SignedRevision]] = [:]
                var next = 0
                var n = 0
                try store.db.inTransaction {
                    while let batch = verified.pop() {
                        pending[batch.index] = batch.revisions
                        while let ready = pending.removeValue(forKey: next) {
                            for r in ready { try writer.write(r, origin: "origin", now: now) }
                            n += ready.count
                            next += 1
                        }
                    }
                }
                inserted.withLock { $0 = n }
            } catch {
                failure.withLock { $0 = $0 ?? "insert failed: \(error)" }
                while verified.pop() != nil {}   // drain, so the verifiers never block
            }
        }

        var bytes = 0
        var status = 0
        do {
            var configuration = HTTPClientConfiguration(baseURL: url, trust: .caBundle(path: caFile))
            configuration.maxResponseBytes = 1 << 40   // the whole log in one body
            configuration.requestTimeout = .seconds(3600)
            let client = try HTTPClient(configuration: configuration)
            var buffer: [UInt8] = []
            var batch: [[UInt8]] = []
            var index = 0
            let response = try client.send(.get(path), streamingBodyTo: { chunk in
                bytes += chunk.count
                buffer.append(contentsOf: chunk)
                var start = 0
                while let nl = buffer[start...].firstIndex(of: 0x0A) {
                    batch.append(Array(buffer[start..<nl]))
                    start = nl + 1
                    if batch.count == 250 {
                        lines.push((index, batch))
                        index += 1
                        batch = []
                    }
                }
                buffer.removeFirst(start)
            })
            status = response.status
            if !batch.isEmpty { lines.push((index, batch)) }
        } catch {
            failure.withLock { $0 = $0 ?? "download failed: \(error)" }
        }
        lines.close()
        insertDone.wait()
        let seconds = watch.seconds
        if let f = failure.withLock({ $0 }) { throw BenchError("floor: \(f)") }
        let n = inserted.withLock { $0 }
        guard status == 200, n == expected else {
            throw BenchError("floor: HTTP \(status), inserted \(n) of \(expected) records")
        }
        return .object([
            "seconds": .number(Format.fixed(seconds, 4)), "applied": .int(n), "bytes": .int(bytes),
            "peak_rss_mb": .number(Format.fixed(PeakMemory.megabytes() ?? 0, 1)),
        ])
    }
}
