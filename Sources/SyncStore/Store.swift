import FoundationEssentials
import SQLite
import SyncCore

/// A node's SQLite store: the change log of signed revisions, the derived
/// document views, and per-peer sync state. Not Sendable: each thread or
/// process opens its own `Store` on the same file (WAL mode allows one
/// writer and many readers at once).
package final class Store {
    /// The connection, for this package's own modules (the node, the benchmark
    /// and the tests) only: other code goes through the store's methods.
    package let db: Connection
    package let path: String
    package let readOnly: Bool

    /// Timestamps more than this far ahead of local time are flagged.
    package var maxSkewMillis: UInt64 = 5 * 60 * 1000

    /// True inside a top-level `write`: node_meta is then read and written
    /// through `metaCache` (loaded on first use, written back before COMMIT).
    private(set) var inWriteScope = false
    /// Kept counts changed by the current write, not yet written (`flushCounts`).
    var pendingCounts = PendingCounts()
    /// Full-text index changes of the current write, not yet written (`flushSearchIndex`).
    var pendingSearch = PendingSearchIndex()
    private var metaCache: MetaCache?
    /// True once the current write transaction took a write event.
    private var tookDots = false

    init(db: Connection, path: String, readOnly: Bool) {
        self.db = db
        self.path = path
        self.readOnly = readOnly
    }

    /// Creates a new store file for node `name`.
    /// - Throws: if the file exists already.
    package static func create(at path: String, nodeName: String, now: UInt64) throws -> Store {
        try NodeName.validate(nodeName)
        if FileManager.default.fileExists(atPath: path) {
            throw StoreError.invalid("a store already exists at \(path); refusing to overwrite it")
        }
        let db = try Connection(path: path, mode: .create)
        try configure(db)
        try StoreSchema.migrator.migrate(db)
        let store = Store(db: db, path: path, readOnly: false)
        try store.rebuildSearchIndexIfSQLiteChanged()
        try db.inTransaction {
            try store.setMeta("name", nodeName)
            try store.setMeta("actor", nodeName)
            try store.setMeta("epoch", "1")
            try store.setMeta("counter", "0")
            try store.setMeta("hlc_millis", "0")
            try store.setMeta("hlc_logical", "0")
            try store.setMeta("created_at", String(now))
        }
        return store
    }

    /// Opens an existing store. Read-only opens never write, not even a
    /// migration: an old file must first be opened read-write.
    package static func open(at path: String, readOnly: Bool = false) throws -> Store {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notInitialised(path: path) }
        guard readOnly else { return try open(path, mode: .readWrite) }
        do {
            return try open(path, mode: .readOnly)
        } catch let e as SQLiteError where e.isHotJournal {
            try rollBackInterruptedWrite(at: path)
            return try open(path, mode: .readOnly)
        } catch let e as SQLiteError where (e.isNotWritable || e.isIOError) && !hasJournal(path) {
            // A WAL store needs its -shm file even to read: in a home this
            // user may not write (or on a read-only mount) that fails, so
            // read the file as it is instead. Writes left in a -wal file by
            // a process that did not close cleanly are not seen then.
            do { return try open(path, mode: .immutable) } catch { throw e }
        }
    }

    static func open(_ path: String, mode: Connection.Mode) throws -> Store {
        let readOnly = mode != .readWrite
        let db = try Connection(path: path, mode: mode)
        let unknown = try StoreSchema.migrator.unknownMigrations(db)
        if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: unknown) }
        if readOnly {
            try db.execute("PRAGMA query_only = ON")
            let pending = try StoreSchema.migrator.pendingMigrations(db)
            if !pending.isEmpty {
                throw StoreError.invalid("the store at \(path) needs a schema upgrade (\(pending.joined(separator: ", "))): run `syncnode migrate` once")
            }
        }
        let store = Store(db: db, path: path, readOnly: readOnly)
        if !readOnly {
            try configure(db)
            // Before migrating: a migration may expect the indexes a first
            // pull that died mid-way left deferred.
            try store.restoreDeferredIndexes()
            store.migrationsApplied = try StoreSchema.migrator.migrate(db)
            try store.rebuildSearchIndexIfSQLiteChanged()
        }
        return store
    }

    /// The schema migrations this open applied (none when the store was
    /// up to date or opened read-only), for `syncnode migrate` to report.
    package private(set) var migrationsApplied: [String] = []

    /// The bytes of the store's free pages, which only `compact` gives
    /// back to the file system.
    package func freePageBytes() throws -> Int64 {
        let pageSize = try db.firstRow("PRAGMA page_size")?.int(0) ?? 0
        let free = try db.firstRow("PRAGMA freelist_count")?.int(0) ?? 0
        return free * pageSize
    }

    /// Rewrites the store file without its free pages (SQLite's VACUUM):
    /// after an upgrade that moved data out of a table (v6), or mass
    /// withdrawals. It runs out of WAL mode, so that the compacted database
    /// is written to the file itself rather than to a -wal file as large as
    /// the store, and leaving WAL mode needs the only connection: while any
    /// other process uses the store it fails (busy) and changes nothing.
    /// Needs free disk space for a temporary copy of the store (in the
    /// directory SQLite uses for temporary files) and its rollback journal.
    package func compact() throws {
        guard !readOnly else { throw StoreError.invalid("the store at \(path) was opened read-only and cannot be compacted") }
        let inUse = StoreError.invalid("another process is using the store at \(path): stop `syncnode serve` and any other syncnode command, then try again")
        let mode: String?
        do {
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            mode = try db.firstRow("PRAGMA journal_mode = DELETE")?.string(0)
        } catch let e as SQLiteError where e.isBusy {
            throw inUse
        }
        guard mode == "delete" else { throw inUse }
        defer { _ = try? db.execute("PRAGMA journal_mode = WAL") }
        try db.execute("VACUUM")
    }

    /// The page cache of a bulk write, in KiB (`bulkWrite`). An
    /// import inserts random document ids into five indexes; with SQLite's
    /// default 2 MB the same index pages are written out and read back many
    /// times over (about a fifth of an import's time at 20,000 documents).
    static let bulkWriteCacheKiB = 32 * 1024
    /// SQLite's default, which every connection keeps otherwise: a serve
    /// pool or a sync of several peers holds several connections at once.
    static let defaultCacheKiB = 2000

    /// One long write of many rows in one transaction (an import): `write`
    /// with the bulk page cache for its duration (the memory given back
    /// after) and FTS5's segment merging paused until just before COMMIT
    /// (`withSearchIndexMergesPaused`); into a store with no documents, when
    /// no other process has it open, through the rollback journal
    /// (`withRollbackJournalIfFirstLoad`).
    package func bulkWrite<T>(_ body: (WriteScope) throws -> T) throws -> T {
        try useBulkWriteCache(true)
        defer { try? useBulkWriteCache(false) }
        return try withRollbackJournalIfFirstLoad { _ in
            try write { scope in try withSearchIndexMergesPaused(in: scope) { try body(scope) } }
        }
    }

    /// Switches the larger page cache of a bulk write on, or off again
    /// (giving the memory back), for a caller that learns only along the
    /// way that its write is a long one (a pull far behind its peer).
    /// Meanwhile the WAL is checkpointed every 100 MB instead of every
    /// 4 MB: each checkpoint of a bulk write rewrites index pages that the
    /// next transactions dirty again.
    package func useBulkWriteCache(_ on: Bool) throws {
        try db.execute("PRAGMA cache_size = -\(on ? Store.bulkWriteCacheKiB : Store.defaultCacheKiB)")
        try db.execute("PRAGMA wal_autocheckpoint = \(on ? 25000 : 1000)")
        if !on {
            try db.execute("PRAGMA shrink_memory")
            try db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        }
    }

    /// Memory each sort inside a bulk write may hold before it spills to a
    /// temp file (`withSortMemory`).
    static let bulkSortKiB = 8 * 1024

    /// Runs `body` with the store's page cache at `bulkSortKiB`, then sets it
    /// back (pages dropped meanwhile are read again when needed). SQLite
    /// lets each sort (CREATE INDEX, ORDER BY, window partitions) hold as
    /// much memory as the page cache before it spills to a temp file, and a
    /// bulk write raises that cache to 32 MB: so, inside one, a statement
    /// that sorts a number of rows that grows with the store runs through
    /// this, to keep the process's memory bounded whatever that number.
    package func withSortMemory<T>(_ body: () throws -> T) throws -> T {
        let saved = try db.firstRow("PRAGMA main.cache_size")?.int(0) ?? -Int64(Store.defaultCacheKiB)
        return try withSetting({ try db.execute("PRAGMA main.cache_size = -\(Store.bulkSortKiB)") },
                               reset: { try db.execute("PRAGMA main.cache_size = \(saved)") }, body)
    }

    /// Runs `body` between `set` and `reset`; `reset` runs whether `body`
    /// returns or throws (then the body's error is the one reported).
    func withSetting<T>(_ set: () throws -> Void, reset: () throws -> Void, _ body: () throws -> T) throws -> T {
        try set()
        let result: T
        do {
            result = try body()
        } catch {
            try? reset()
            throw error
        }
        try reset()
        return result
    }

    static func configure(_ db: Connection) throws {
        try db.execute("PRAGMA journal_mode = WAL")
        try db.execute("PRAGMA foreign_keys = ON")
        try db.execute("PRAGMA synchronous = NORMAL")
    }

    /// Runs `body` in one write transaction: all of it is applied or none.
    /// A `write` inside another runs in a savepoint: if it throws, its own
    /// writes (node metadata included) are undone and the outer write goes
    /// on as it was before it; if it returns, they commit with the outer one.
    /// - Parameter body: gets the `WriteScope` that the store's
    ///   write-only functions (`apply`, `commitLocal`, ...) ask for.
    package func write<T>(_ body: (WriteScope) throws -> T) throws -> T {
        if db.isInTransaction { return try nestedWrite(body) }
        tookDots = false
        let result = try db.inTransaction {
            // node_meta is read afresh in every write transaction (another
            // process may have changed it since) and written back before COMMIT.
            inWriteScope = true
            metaCache = nil
            pendingCounts = PendingCounts()
            pendingSearch = PendingSearchIndex()
            defer {
                inWriteScope = false
                metaCache = nil
                pendingCounts = PendingCounts()
                pendingSearch = PendingSearchIndex()
            }
            let result = try body(WriteScope())
            try flushSearchIndex()
            try flushCounts()
            try flushMeta()
            return result
        }
        if tookDots {
            tookDots = false
            onLocalWritesCommitted?()
        }
        return result
    }

    /// `write` inside a transaction: a savepoint, with the node_meta cache,
    /// the pending counts and index changes and the write-event flag put
    /// back as they were when it throws. (Index changes flushed inside the
    /// savepoint are rolled back with it, and wait again in the restored
    /// `pendingSearch`.)
    private func nestedWrite<T>(_ body: (WriteScope) throws -> T) throws -> T {
        let (savedMeta, savedDots, savedCounts, savedSearch) = (metaCache, tookDots, pendingCounts, pendingSearch)
        do {
            return try db.inSavepoint { try body(WriteScope()) }
        } catch {
            (metaCache, tookDots, pendingCounts, pendingSearch) = (savedMeta, savedDots, savedCounts, savedSearch)
            throw error
        }
    }

    /// Called after a write transaction that took write events (local
    /// revisions) has committed: the node keeps its write mark with it.
    package var onLocalWritesCommitted: (() -> Void)?

    // MARK: node metadata

    package func meta(_ key: String) throws -> String? {
        if inWriteScope {
            try loadMetaCache()
            return metaCache?.values[key]
        }
        return try db.firstRow("SELECT value FROM node_meta WHERE key = ?", key)?.string(0)
    }

    package func setMeta(_ key: String, _ value: String) throws {
        if inWriteScope {
            try loadMetaCache()
            metaCache?.values[key] = value
            metaCache?.changed[key] = .some(value)
            return
        }
        try db.run(Store.upsertMetaSQL, key, value)
    }

    /// Removes a key from node_meta.
    func removeMeta(_ key: String) throws {
        if inWriteScope {
            try loadMetaCache()
            metaCache?.values[key] = nil
            metaCache?.changed[key] = .some(nil)
            return
        }
        try db.run("DELETE FROM node_meta WHERE key = ?", key)
    }

    static let upsertMetaSQL = "INSERT INTO node_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"

    /// Reads the whole (small) table once per write transaction.
    private func loadMetaCache() throws {
        guard metaCache == nil else { return }
        var values: [String: String] = [:]
        for row in try db.rows("SELECT key, value FROM node_meta") { values[try row.string(0)] = try row.string(1) }
        metaCache = MetaCache(values: values)
    }

    /// Writes the write transaction's node_meta changes to the table.
    private func flushMeta() throws {
        guard let changed = metaCache?.changed, !changed.isEmpty else { return }
        for (key, value) in changed.sorted(by: { $0.key < $1.key }) {
            if let value {
                try db.run(Store.upsertMetaSQL, key, value)
            } else {
                try db.run("DELETE FROM node_meta WHERE key = ?", key)
            }
        }
        metaCache?.changed = [:]
    }

    func metaInt(_ key: String) throws -> UInt64 {
        UInt64(try meta(key) ?? "0") ?? 0
    }

    package var nodeName: String {
        get throws {
            guard let n = try meta("name") else { throw StoreError.corrupt("node_meta has no name") }
            return n
        }
    }

    /// The actor this node writes as now (`name`, or `name~N` after a restore).
    package var actor: String {
        get throws { try meta("actor") ?? nodeName }
    }

    package var epoch: Int {
        get throws { Int(try meta("epoch") ?? "1") ?? 1 }
    }

    /// The highest counter this node's current actor has used.
    package var counter: UInt64 {
        get throws { try metaInt("counter") }
    }

    /// Takes the next write event for the current actor. Call inside `write`.
    /// A store restored from a backup first moves to a new epoch (once): it
    /// cannot know which counters it used after the backup was taken.
    func nextDot() throws -> Dot {
        if let mark = try restoredFromBackup, try actor == mark { try beginNewEpoch() }
        let next = try counter + 1
        try setMeta("counter", String(next))
        tookDots = true
        return Dot(actor: try actor, counter: next)
    }

    /// Advances the hybrid clock for a local write.
    func nextTimestamp(now: UInt64) throws -> HybridTimestamp {
        let last = HybridTimestamp(millis: try metaInt("hlc_millis"), logical: UInt32(try metaInt("hlc_logical")))
        let next = last.next(now: now)
        try setMeta("hlc_millis", String(next.millis))
        try setMeta("hlc_logical", String(next.logical))
        return next
    }

    /// Folds a received timestamp into the hybrid clock (a skewed one is ignored).
    func observe(_ ts: HybridTimestamp, now: UInt64) throws {
        let last = HybridTimestamp(millis: try metaInt("hlc_millis"), logical: UInt32(try metaInt("hlc_logical")))
        let merged = last.receiving(ts, now: now, maxSkewMillis: maxSkewMillis)
        if merged != last {
            try setMeta("hlc_millis", String(merged.millis))
            try setMeta("hlc_logical", String(merged.logical))
        }
    }

    /// Moves this node to a new actor epoch, so that writes after a restore
    /// from backup never reuse a counter already spent. Returns the new actor.
    @discardableResult
    package func beginNewEpoch(actor explicit: String? = nil) throws -> String {
        try write { _ in
            let actor = try explicit ?? ActorEpoch.next(after: self.actor)
            try setMeta("epoch", String(ActorEpoch.parse(actor).epoch))
            try setMeta("actor", actor)
            try setMeta("counter", "0")
            try jumpLogSequence()
            return actor
        }
    }

    /// Copies the store to `path` with SQLite's online backup. The copy is
    /// marked as a backup, so that a node restored from it knows it may have
    /// forgotten writes its peers hold (see `restoredFromBackup`).
    package func backup(to path: String) throws {
        try db.backup(to: path)
        let copy = try Connection(path: path, mode: .readWrite)
        try copy.run(Store.upsertMetaSQL, Store.restoredMarkKey, try actor)
    }

    /// `PRAGMA integrity_check` of the database file at `path` ("ok" when
    /// sound). Opened read-write although it only reads: closing it then
    /// removes the -wal and -shm files, so a backup stays one file.
    package static func integrityCheck(at path: String) throws -> String {
        try Connection(path: path, mode: .readWrite).firstRow("PRAGMA integrity_check")?.string(0) ?? "no answer"
    }

    /// `PRAGMA quick_check` of this store ("ok" when sound; else what is damaged).
    package func quickCheck() throws -> String {
        try db.firstRow("PRAGMA quick_check")?.string(0) ?? "no answer"
    }

    /// True inside a write (or any transaction on this store's connection):
    /// a caller that must not start one of its own checks it.
    package var isInTransaction: Bool { db.isInTransaction }

    static let restoredMarkKey = "restored_from_backup"

    /// How far the change-log sequence jumps at a new epoch (2^40).
    package static let epochSequenceJump: Int64 = 1 << 40

    /// Marks this store as restored from a backup (however it was copied):
    /// it moves to a new epoch now and pulls its own revisions back from
    /// peers until a full pull completes. Returns the new actor.
    /// A store already marked that has not written in its current epoch
    /// (restored, then detected, then `rejoin` by habit) stays as it is.
    @discardableResult
    package func markRestored() throws -> String {
        try write { _ in
            if try restoredFromBackup != nil, try counter == 0 { return try actor }
            let previous = try actor
            try setMeta(Store.restoredMarkKey, previous)
            try removeMeta("restore_pulled_peers")
            try removeMeta(Store.restartedPeersKey)
            return try beginNewEpoch()
        }
    }

    /// Peers may have pulled this node's lost log further than the restored
    /// copy reaches: start new log entries far above any sequence number
    /// they can have seen, so that none is skipped. Call inside `write`.
    func jumpLogSequence() throws {
        try db.run("UPDATE sqlite_sequence SET seq = seq + ? WHERE name = 'revisions'", Store.epochSequenceJump)
        try db.run("""
            INSERT INTO sqlite_sequence (name, seq) SELECT 'revisions', ?
            WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'revisions')
            """, Store.epochSequenceJump)
    }

    /// A node rebuilt with an existing key (`init --key`) may be a city whose
    /// machine was lost: its peers hold its writes. It pulls its own
    /// revisions back from every peer, moves to a new epoch before its first
    /// write (unless it had none), and starts its log above any cursor a
    /// peer holds on the old one.
    package func markAdoptedKey() throws {
        try write { _ in
            try setMeta(Store.restoredMarkKey, try actor)
            try jumpLogSequence()
        }
    }

    /// A peer showed that this store forgot writes of its own (it holds
    /// revisions of this node's actors beyond what the store has, or refused
    /// a revision of ours as a reused counter): the store was restored from
    /// a backup and nobody said so. Marks it restored, so that it pulls its
    /// own revisions back from every peer from the start of their logs
    /// (earlier pulls left them out) and moves to a new epoch before its next
    /// write. Returns false when it was marked already.
    @discardableResult
    package func noteRestoreDetected() throws -> Bool {
        try write { _ in
            guard try restoredFromBackup == nil else { return false }
            try setMeta(Store.restoredMarkKey, try actor)
            try removeMeta("restore_pulled_peers")
            try removeMeta(Store.restartedPeersKey)
            try jumpLogSequence()
            return true
        }
    }

    /// What this store knows of its own node's writes: for each of its
    /// actors, the highest counter in the log or among refused revisions
    /// (or taken, for the current actor).
    package func ownCounters() throws -> VersionVector {
        var known = try spentCounters(ofActorsOf: try nodeName)
        let taken = try counter
        if taken > 0 { known.add(Dot(actor: try actor, counter: taken)) }
        return known
    }

    /// True when `peerHeads` (a peer's highest counters of this node's
    /// actors) holds a write this store does not know: proof of a restore.
    package func hasForgottenWrites(peerHeads: VersionVector) throws -> Bool {
        let known = try ownCounters()
        let node = try nodeName
        return peerHeads.entries.contains { actor, counter in
            ActorEpoch.parse(actor).node == node && counter > known[actor]
        }
    }

    /// For a store that is a backup copy (restored, or not yet): the actor it
    /// wrote as when the backup was taken. Until a pull from a peer completes,
    /// such a store asks peers for its own revisions too (they may hold
    /// writes it forgot), and before its first local write it moves to a new
    /// epoch unless it already did.
    package var restoredFromBackup: String? {
        get throws { try meta(Store.restoredMarkKey) }
    }

    /// Records that `peer`'s whole change log (own revisions included) was
    /// pulled since the restore; once every trusted peer has been, the mark
    /// is cleared and pulls exclude this node's own revisions again.
    package func notePullAfterRestore(peer: String, trustedPeers: [String]) throws {
        try write { _ in
            let key = "restore_pulled_peers"
            var done = Set((try meta(key) ?? "").split(separator: " ").map(String.init))
            done.insert(peer)
            if Set(trustedPeers).isSubset(of: done) {
                try clearRestoredMark()
                try removeMeta(key)
            } else {
                try setMeta(key, done.sorted().joined(separator: " "))
            }
        }
    }

    /// Called once every peer's whole change log (own revisions included) was pulled.
    package func clearRestoredMark() throws {
        try write { _ in
            try removeMeta(Store.restoredMarkKey)
            try removeMeta(Store.restartedPeersKey)
        }
    }

    /// Peers whose log is being re-read from the start since the restore.
    static let restartedPeersKey = "restore_restarted_peers"

    /// For a restored store, before pulling from `peer`: the first such pull
    /// since the restore starts at the beginning of the peer's log, since
    /// pulls before the restore was known left this node's own revisions
    /// out. Later pulls (after an interruption) go on from the checkpoint.
    package func beginRestoredPull(peer: String) throws {
        try write { scope in
            var started = Set((try meta(Store.restartedPeersKey) ?? "").split(separator: " ").map(String.init))
            guard !started.contains(peer) else { return }
            try savePullCheckpoint(peer: peer, pulledSeq: 0, peerHeadSeq: 0, in: scope)
            started.insert(peer)
            try setMeta(Store.restartedPeersKey, started.sorted().joined(separator: " "))
        }
    }
}

@available(*, unavailable)
extension Store: Sendable {}

extension Store {
    /// A node restored from a backup may find, in what peers send, revisions
    /// of its own actor with counters above its own (or of a later epoch of
    /// itself): it must not write those counters again, so it moves to a new
    /// actor epoch. Returns the new actor, if any.
    @discardableResult
    package func moveToNewEpochIfRestored() throws -> String? {
        let actor = try self.actor
        let seen = try spentCounters(ofActorsOf: try nodeName)
        if case .advance(let newActor) = ActorEpoch.check(localActor: actor, localCounter: try counter, peerClock: seen) {
            try beginNewEpoch(actor: newActor)
            return newActor
        }
        return nil
    }

    /// The highest counter of each actor of `node` this store has seen used:
    /// in its log, or on a revision it refused (see `highestRejectedCounters`).
    func spentCounters(ofActorsOf node: String) throws -> VersionVector {
        var seen = VersionVector(try highestCounters(ofActorsOf: node))
        seen.formUnion(VersionVector(try highestRejectedCounters(ofActorsOf: node)))
        return seen
    }

    /// The highest counter held for each actor of `node` (every epoch): what
    /// a page tells a requester that excluded itself (`excluded_heads`).
    package func heads(ofActorsOf node: String) throws -> VersionVector {
        VersionVector(try highestCounters(ofActorsOf: node))
    }

    /// The highest counter held for `node` itself and for each of its later
    /// epochs (`node~2`, ...). Index seeks only: this runs once per pulled
    /// page or pushed change-set, so it must not scan the log.
    func highestCounters(ofActorsOf node: String) throws -> [String: UInt64] {
        var seen: [String: UInt64] = [:]
        let maxSQL = "SELECT MAX(counter) FROM revisions WHERE actor = ?"
        if let max = try db.firstRow(maxSQL, node)?.optionalInt(0) { seen[node] = UInt64(max) }
        // Actors that start with "node~" sort between "node~" and "node\u{7F}" ('~' is 0x7E).
        var after = node + "~"
        let end = node + "\u{7F}"
        for _ in 0..<100_000 {
            guard let row = try db.firstRow("SELECT actor FROM revisions WHERE actor > ? AND actor < ? ORDER BY actor LIMIT 1",
                                            after, end) else { break }
            after = try row.string(0)
            if let max = try db.firstRow(maxSQL, after)?.optionalInt(0) { seen[after] = UInt64(max) }
        }
        return seen
    }
}
