import Synchronization
import SyncProtocol

/// The encoded bytes of closed change-log pages (`has_more: true`), with
/// their ETag and Content-Digest, so that a page many peers pull is read,
/// encoded and hashed once instead of once per request (docs/protocol.md,
/// section 5: closed pages are immutable).
///
/// A closed page stops being immutable in one case: a revision in it is
/// withdrawn (section 6), or every entry after it is, so it is the last page
/// again. So an entry remembers the stretch of the log it was built from and
/// is served only while `Store.logWindow` still finds as many entries there
/// and an entry beyond it: the caller checks that against the store before
/// every use (`entry.isCurrent`), which sees writes by any process.
///
/// Bounded by total bytes; when full, the oldest entries go first.
final class PageCache: Sendable {
    struct Key: Hashable {
        let since: UInt64
        /// The requested limit: it decides the page's byte cap as well as the window.
        let limit: Int
        let exclude: String?
    }

    struct Entry: Sendable {
        let body: [UInt8]
        let etag: String
        /// The `Content-Digest` header value of `body`.
        let contentDigest: String
        /// The stretch of the log the page was built from: `(since, lastScanned]`
        /// held `scanned` entries (the whole window, excluded ones too), and
        /// the log went on past `lastScanned`.
        let since: Int64
        let lastScanned: Int64
        let scanned: Int

        /// Whether the page would still be built byte for byte the same from
        /// a log that holds `entries` in the window and ends at `head`.
        func isCurrent(entries: Int, head: Int64) -> Bool {
            entries == scanned && head > lastScanned
        }
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        /// Insertion order, for eviction.
        var order: [Key] = []
        var bytes = 0
    }

    private let state = Mutex(State())
    let maxBytes: Int

    init(maxBytes: Int = 32 << 20) {
        self.maxBytes = maxBytes
    }

    func entry(_ key: Key) -> Entry? {
        state.withLock { $0.entries[key] }
    }

    /// Keeps `entry` (replacing any under `key`); a page larger than the
    /// whole cache is not kept.
    func store(_ entry: Entry, for key: Key) {
        guard entry.body.count <= maxBytes else { return }
        state.withLock { s in
            if let old = s.entries.removeValue(forKey: key) {
                s.bytes -= old.body.count
                s.order.removeAll { $0 == key }
            }
            while s.bytes + entry.body.count > maxBytes, !s.order.isEmpty {
                let oldest = s.order.removeFirst()
                s.bytes -= s.entries.removeValue(forKey: oldest)?.body.count ?? 0
            }
            s.entries[key] = entry
            s.order.append(key)
            s.bytes += entry.body.count
        }
    }

    /// Forgets `key` (its page changed: a withdrawal).
    func remove(_ key: Key) {
        state.withLock { s in
            guard let old = s.entries.removeValue(forKey: key) else { return }
            s.bytes -= old.body.count
            s.order.removeAll { $0 == key }
        }
    }

    /// Pages held and their total bytes (tests, metrics).
    var usage: (pages: Int, bytes: Int) {
        state.withLock { ($0.entries.count, $0.bytes) }
    }
}
