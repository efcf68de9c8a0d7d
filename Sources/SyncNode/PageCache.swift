import Synchronization
import SyncStore

/// The encoded bytes of change-log pages already built, with their
/// Content-Digest (and ETag for closed pages), so that a page many peers
/// pull is read, encoded and hashed once instead of once per request.
///
/// A kept page is served only while the store would still build it byte for
/// byte the same; the caller checks that against the store before every use
/// (`Store.logWindow`, `Entry.isCurrent`), which sees writes by any process:
/// - a closed page (`has_more: true`) is immutable (docs/protocol.md,
///   section 5) except when a revision in it is withdrawn (section 6) or
///   every entry after it is, so it is current while its window of the log
///   holds as many entries as when it was built and the log goes on past it;
/// - an open page (the last one) changes with any new or withdrawn entry, so
///   it is current while the whole log has the same head and entry count.
///   It is still sent with `Cache-Control: no-store` and no ETag: only this
///   server reuses it, never a client.
///
/// Bounded by total bytes and by number of pages (many tiny pages, e.g. a
/// `since` beyond the head, must not make the bookkeeping large); when
/// full, the oldest entries go first.
final class PageCache: Sendable {
    struct Key: Hashable {
        let since: UInt64
        /// The requested limit: it decides the page's byte cap as well as the window.
        let limit: Int
        let exclude: String?
    }

    struct Entry: Sendable {
        let body: [UInt8]
        /// The `Content-Digest` header value of `body`.
        let contentDigest: String
        /// The strong ETag of a closed page; nil for an open one.
        let etag: String?
        let basis: Basis

        /// What the page was built from.
        enum Basis: Sendable, Equatable {
            /// A closed page: `(since, lastScanned]` held `scanned` entries
            /// (the whole window, excluded ones too) and the log went on past it.
            case window(since: Int64, lastScanned: Int64, scanned: Int)
            /// An open page: the whole log, by its head and entry count.
            case log(head: Int64, entries: Int64)
        }

        /// The stretch `Store.logWindow` must count for `isCurrent`.
        var window: (after: Int64, through: Int64) {
            switch basis {
            case .window(let since, let last, _): (since, last)
            case .log(let head, _): (head, head)
            }
        }

        /// Whether the store, as `logWindow` found it, would build this page
        /// byte for byte again.
        func isCurrent(_ log: Store.LogWindow) -> Bool {
            switch basis {
            case .window(_, let last, let scanned): log.entries == scanned && log.head > last
            case .log(let head, let entries): log.head == head && log.logEntries == entries
            }
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
    let maxPages: Int

    init(maxBytes: Int = 32 << 20, maxPages: Int = 1024) {
        self.maxBytes = maxBytes
        self.maxPages = maxPages
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
            while s.bytes + entry.body.count > maxBytes || s.order.count >= maxPages, !s.order.isEmpty {
                let oldest = s.order.removeFirst()
                s.bytes -= s.entries.removeValue(forKey: oldest)?.body.count ?? 0
            }
            s.entries[key] = entry
            s.order.append(key)
            s.bytes += entry.body.count
        }
    }

    /// Forgets `key` (its page is no longer current).
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
