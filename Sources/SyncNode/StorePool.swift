import FoundationEssentials
import SyncStore
import Synchronization

/// Store connections for the server's worker threads: each request checks
/// one out, uses it on its own thread, and gives it back.
final class StorePool: @unchecked Sendable {
    // @unchecked Sendable: the `Store`s (not Sendable) sit in `idle`, which is
    // only touched under `lock`; `withStore` hands a store to exactly one
    // thread and puts it back only after that thread is done with it.
    // (A `Mutex<[Store]>` does not fit: the compiler cannot prove that a
    // store used by `body` may be sent back into the mutex afterwards.)
    private let lock = Mutex(())
    private var idle: [Store] = []
    let path: String
    /// Read-only connections (the web view): they can never write the store.
    let readOnly: Bool

    /// The map of this pool's connections (`StorePool.mappedBytes`; tests set less).
    let mappedBytes: Int

    init(path: String, readOnly: Bool = false, mappedBytes: Int = StorePool.mappedBytes) {
        self.path = path
        self.readOnly = readOnly
        self.mappedBytes = mappedBytes
    }

    /// The largest part of the store file a connection maps (`Store.mapDatabaseFile`),
    /// and the largest store file it maps at all: a store that fits (the
    /// load benchmark's) reads without a copy; a larger one is not mapped.
    /// SQLite unmaps a connection's whole map when it finds the database
    /// changed (any process's commit: a sync run, `edit`), and unmapping
    /// costs by the pages touched. With 256 MiB, after serving a
    /// 100,000-article pull (600 MB store), the next requests spent half
    /// their CPU in `munmap` (perf), 2 ms each. With 32 MiB of such a store
    /// mapped, the first request after a commit still paid 1.8-2.5 ms of
    /// CPU more (four series of a whole pull, then 10 edits and a pull, five
    /// times); unmapped, it pays as the later ones do, while the map covered
    /// only the file's first 5% anyway. Decided when a connection opens: one
    /// opened while the store was small keeps its map as the store grows
    /// (a node that serves while its first pull fills it), until `serve`
    /// restarts.
    static let mappedBytes = 32 << 20

    private func open() throws -> Store {
        let store = try Store.open(at: path, readOnly: readOnly)
        let size = FileManager.default.sizeOfItem(atPath: path) ?? Int64.max
        if size <= Int64(mappedBytes) { try store.mapDatabaseFile(upTo: mappedBytes) }
        return store
    }

    func withStore<T>(_ body: (Store) throws -> T) throws -> T {
        let taken: Store? = lock.withLock { _ in idle.popLast() }
        let store = try taken ?? open()
        defer {
            // A store still inside a transaction (a failed rollback) is not
            // reused: the next request's writes would never commit.
            if !store.isInTransaction { lock.withLock { _ in idle.append(store) } }
        }
        return try body(store)
    }
}
