import Dispatch
import SyncCrypto

/// One slot of floor B's pipeline (floor_insert.c's Chunk): records read
/// in input order, checked by one verifier thread, then written by the
/// inserting thread.
final class FloorChunk: @unchecked Sendable {
    // @unchecked Sendable: `records` never changes; `articles` is written by
    // the one verifier thread that popped this chunk off the queue, before
    // it signals `verified`, and read by the inserting thread only after it
    // has waited for `verified`: the semaphore orders the two.
    let records: [FloorRecord]
    private var articles: [FloorArticle?] = []
    private let verified = DispatchSemaphore(value: 0)

    init(records: [FloorRecord]) {
        self.records = records
    }

    /// Checks every signature with `key`; a record that fails (or does not
    /// hold nine texts) becomes nil. Also splits the texts out, so that the
    /// inserting thread only binds and steps.
    func verify(with key: Ed25519PublicKey) {
        articles = records.map { key.isValidSignature($0.signature, for: $0.message) ? $0.article() : nil }
        verified.signal()
    }

    /// Waits until a verifier thread is done with this chunk.
    func verifiedArticles() -> [FloorArticle?] {
        verified.wait()
        return articles
    }
}
