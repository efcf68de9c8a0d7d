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

    init(path: String, readOnly: Bool = false) {
        self.path = path
        self.readOnly = readOnly
    }

    /// The largest part of the store file a connection maps (`Store.mapDatabaseFile`).
    /// Small on purpose: SQLite unmaps a connection's whole map when it
    /// finds the database changed by a checkpoint (any process's: a sync
    /// run, `edit`), and unmapping costs by the pages touched. With 256 MiB,
    /// after serving a 100,000-article pull (600 MB store), the next
    /// requests spent half their CPU in `munmap` (perf), 2 ms each; with
    /// 32 MiB as little as with no map, while a store that fits (the load
    /// benchmark's) still reads without a copy.
    static let mappedBytes = 32 << 20

    private func open() throws -> Store {
        let store = try Store.open(at: path, readOnly: readOnly)
        try store.mapDatabaseFile(upTo: Self.mappedBytes)
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
