import FoundationEssentials
import Glibc
import Synchronization
import SyncCore
import SyncCrypto
import SyncProtocol
import SyncStore

/// A node opened from its home: the store plus (for writing) the node's
/// signing key. All local authoring goes through here, so every write is a
/// signed revision applied through the store's one apply path.
package final class LocalNode {
    package let home: NodeHome
    /// Package access: the CLI goes through the node's own reads (LocalNode+Reads).
    package let store: Store
    package let identity: NodeIdentity
    let key: Ed25519PrivateKey?

    init(home: NodeHome, store: Store, identity: NodeIdentity, key: Ed25519PrivateKey?) {
        self.home = home
        self.store = store
        self.identity = identity
        self.key = key
        if key != nil {
            store.onLocalWritesCommitted = { [unowned store] in
                // Best effort: the mark is a safety net (peers detect restores
                // too), and the write it follows has committed already.
                if let counters = try? store.ownCounters() { try? WriteMark.write(counters, to: home.writeMarkPath) }
            }
        }
    }

    /// Creates a new home: the store and a fresh Ed25519 key pair.
    /// - Throws: `NodeError(.cannotCreate)` if a home exists at that path.
    /// - Parameter key: an existing key to adopt (a restored or demo key);
    ///   by default a fresh key pair is generated.
    @discardableResult
    package static func initialise(home: NodeHome, name: String, key existingKey: Ed25519PrivateKey? = nil) throws -> LocalNode {
        do { try NodeName.validate(name) } catch let e as ValidationError {
            throw NodeError(.data, e.reason)
        }
        let fm = FileManager.default
        if let missing = home.missingStore { throw NodeError(.cannotCreate, "refusing to overwrite the key: " + missing) }
        if fm.fileExists(atPath: home.storePath) || fm.fileExists(atPath: home.privateKeyPath) {
            throw NodeError(.cannotCreate, "a syncnode home already exists at \(home.path): refusing to overwrite it (choose another --home, or remove it yourself if you really mean to start over)")
        }
        do {
            try fm.createDirectory(atPath: home.path, withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: 0o700])
            try fm.createDirectory(atPath: home.peersPath, withIntermediateDirectories: true)
        } catch {
            throw NodeError(.cannotCreate, "cannot create the home directory \(home.path): \(FileProblem.describe(error))")
        }
        let key = try existingKey ?? Ed25519PrivateKey.generate()
        try writePrivateKey(key, to: home.privateKeyPath)
        do {
            let store = try Store.create(at: home.storePath, nodeName: name, now: WallClock.nowMillis())
            try store.write { _ in try store.setMeta("public_key", key.publicKey.base64url) }
            return LocalNode(home: home, store: store, identity: NodeIdentity(name: name, publicKey: key.publicKey), key: key)
        } catch {
            // Leave no half-made home behind: the next `init` would refuse it.
            try? fm.removeItem(atPath: home.storePath)
            try? fm.removeItem(atPath: home.privateKeyPath)
            throw error
        }
    }

    /// `init --key FILE` on a rebuilt machine: adopts the key in `file`.
    /// Such a key may be a lost machine's, whose peers hold its writes, so
    /// the node is marked to pull its own revisions back and to move to a
    /// new epoch before its first write (`Store.markAdoptedKey`).
    package static func initialise(home: NodeHome, name: String, adoptingKeyFile file: String) throws -> LocalNode {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw NodeError(.notFound, "cannot read the key file \(file): check the path and its permissions")
        }
        let key: Ed25519PrivateKey
        do { key = try Ed25519PrivateKey(pem: String(decoding: data, as: UTF8.self)) } catch {
            throw NodeError(.data, "\(file) is not an Ed25519 PKCS#8 PEM private key: \(error)")
        }
        let node = try initialise(home: home, name: name, key: key)
        try node.store.markAdoptedKey()
        return node
    }

    /// The schema migrations opening this node applied (`Store.migrationsApplied`).
    package var migrationsApplied: [String] { store.migrationsApplied }

    /// The store's files on disk (`storeFilesBytes`) and how much of them
    /// is free pages (`Store.freePageBytes`).
    package func storeFileUsage() throws -> (bytes: Int64, freeBytes: Int64) {
        do { return (storeFilesBytes(), try store.freePageBytes()) } catch { throw NodeError.wrapping(error) }
    }

    /// Rewrites the store without its free pages, holding the sync lock so
    /// that no timer run starts meanwhile (`Store.compact`). Returns the
    /// sizes of the store's files on disk before and after.
    package func compactStore() throws -> (before: Int64, after: Int64) {
        let lock = try RunLock(path: home.lockPath)
        defer { withExtendedLifetime(lock) {} }
        let before = storeFilesBytes()
        do { try store.compact() } catch {
            let e = NodeError.wrapping(error)
            throw NodeError(e.kind, "could not compact the store: \(e.message)")
        }
        return (before, storeFilesBytes())
    }

    /// The store file and its -wal, in bytes on disk.
    func storeFilesBytes() -> Int64 {
        [home.storePath, home.storePath + "-wal"].reduce(0) { total, path in
            total + (FileManager.default.sizeOfItem(atPath: path) ?? 0)
        }
    }

    /// `syncnode backup FILE`: an online copy of the store (serve and sync
    /// runs may keep writing), created 0600, checked with
    /// `PRAGMA integrity_check`, and marked as a backup so that a node
    /// restored from it knows it may have forgotten writes. Never overwrites.
    /// - Returns: the size of the copy in bytes.
    package func backup(to file: String) throws -> Int {
        let fm = FileManager.default
        if fm.fileExists(atPath: file) {
            throw NodeError(.cannotCreate, "\(file) exists already: choose a new name (e.g. with the date), or remove it yourself")
        }
        // Created empty with mode 0600 first: the copy holds the city's content and run history.
        guard fm.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw NodeError(.cannotCreate, "cannot create \(file): check that its directory exists and that this user may write there")
        }
        do {
            try store.backup(to: file)
            let verdict = try Store.integrityCheck(at: file)
            guard verdict == "ok" else {
                throw NodeError(.failure, "the copy at \(file) failed its integrity check (\(verdict)): it was removed; check the disk, and the store with `sqlite3 \(home.storePath) \"PRAGMA integrity_check\"`")
            }
        } catch {
            try? fm.removeItem(atPath: file)
            throw error
        }
        return Int(fm.sizeOfItem(atPath: file) ?? 0)
    }

    /// Creates the key file with mode 0600 from the first byte (O_EXCL: never
    /// over an existing file).
    static func writePrivateKey(_ key: Ed25519PrivateKey, to path: String) throws {
        let bytes = Array(try key.pemPKCS8().utf8)
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw NodeError(.cannotCreate, "cannot create the private key file \(path): \(FileProblem.text())")
        }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw NodeError(.cannotCreate, "cannot write the private key to \(path): \(FileProblem.text())")
        }
    }

    /// A read-only node for commands that read documents and the node's
    /// name only (list, show, search, stats, export...): its identity is the
    /// public key the store records, so the key file is not parsed. Parsing
    /// it starts OpenSSL, about a millisecond of every such command. Commands
    /// that show or use the key (whoami, status, doctor) use `open`; the
    /// store's record can lag a key rotation until the next writing command.
    package static func openForReading(home: NodeHome) throws -> LocalNode {
        try home.requireExists()
        let store = try Store.open(at: home.storePath, readOnly: true)
        return try reader(home: home, store: store, preferKeyFile: false)
    }

    /// A read-only node over `store`. Its public key comes from the key
    /// file (the truth: it changes on key rotation) or the store's record
    /// (which needs no OpenSSL), whichever `preferKeyFile` says first; the
    /// other serves when the first is missing or unreadable.
    private static func reader(home: NodeHome, store: Store, preferKeyFile: Bool) throws -> LocalNode {
        let fromFile = { (try? loadKey(home))?.publicKey }
        let fromStore = { (try? store.meta("public_key")).flatMap { $0 }.flatMap { try? Ed25519PublicKey(base64url: $0) } }
        guard let publicKey = preferKeyFile ? fromFile() ?? fromStore() : fromStore() ?? fromFile() else {
            throw NodeError(.failure, "neither the key file \(home.privateKeyPath) nor the store records this node's public key: restore the key file from your backup")
        }
        let identity = NodeIdentity(name: try store.nodeName, publicKey: publicKey, previousKeys: try previousKeys(store),
                                    keyHistory: try keyHistory(store))
        return LocalNode(home: home, store: store, identity: identity, key: nil)
    }

    /// Opens an existing home. Read-only opens load no private key and never write.
    package static func open(home: NodeHome, readOnly: Bool) throws -> LocalNode {
        try home.requireExists()
        let store = try Store.open(at: home.storePath, readOnly: readOnly)
        if readOnly { return try reader(home: home, store: store, preferKeyFile: true) }
        let name = try store.nodeName
        var previous = try previousKeys(store)
        let history = try keyHistory(store)
        let key = try loadKey(home)
        let restoredAs = try recoverIfRestored(store, home: home)
        if let recorded = try store.meta("public_key"), recorded != key.publicKey.base64url {
            // The key was rotated: remember the old one, whose signatures
            // are on this node's older revisions.
            if let old = try? Ed25519PublicKey(base64url: recorded), !previous.contains(old) { previous.append(old) }
            try store.write { _ in
                try store.setMeta("public_key", key.publicKey.base64url)
                try store.setMeta("previous_public_keys", previous.map(\.base64url).joined(separator: " "))
            }
        }
        let node = LocalNode(home: home, store: store, identity: NodeIdentity(name: name, publicKey: key.publicKey, previousKeys: previous, keyHistory: history), key: key)
        node.restoredAs = restoredAs
        return node
    }

    /// The new actor when opening found the store older than the home's
    /// write mark (restored from a backup) and moved it to a new epoch.
    package private(set) var restoredAs: String?

    /// A store that knows fewer of this node's writes than the home's write
    /// mark was put back from a backup: mark it restored now, before any
    /// write could reuse a counter. Returns the new actor, if it moved.
    static func recoverIfRestored(_ store: Store, home: NodeHome) throws -> String? {
        guard let mark = WriteMark.read(home.writeMarkPath), try store.hasForgottenWrites(peerHeads: mark) else { return nil }
        let before = try store.actor
        let actor = try store.markRestored()
        // The new epoch settles it: the mark need not hold the lost counters
        // any longer (and must not make every later open move again).
        try WriteMark.write(try store.ownCounters(), to: home.writeMarkPath)
        return actor == before ? nil : actor
    }

    /// Replaces this node's key pair with a fresh one. The old public key is
    /// kept as a previous key (its signatures stay on older revisions); the
    /// old key file is kept beside the new one as `node-key.pem.old`.
    /// Peers must be given the new public key (docs/operations.md).
    /// - Returns: the reopened node, signing with the new key.
    package func rotateKey() throws -> LocalNode {
        guard key != nil else { throw NodeError(.failure, "this node was opened read-only and cannot rotate its key") }
        let fm = FileManager.default
        let old = home.privateKeyPath + ".old"
        if fm.fileExists(atPath: old) {
            throw NodeError(.cannotCreate, "\(old) exists from an earlier rotation: move it to your offline backup first")
        }
        let oldKey = try LocalNode.loadKey(home)
        let newKey = try Ed25519PrivateKey.generate()
        let (previous, next) = (oldKey.publicKey.base64url, newKey.publicKey.base64url)
        let signature = try oldKey.sign(KeyHistoryEntry.signingBytes(node: identity.name, previousKey: previous, publicKey: next))
        let history = try LocalNode.keyHistory(store)
            + [KeyHistoryEntry(publicKey: next, previousKey: previous, signedByPrevious: Base64URL.encode(signature))]
        try fm.moveItem(atPath: home.privateKeyPath, toPath: old)
        do {
            try LocalNode.writePrivateKey(newKey, to: home.privateKeyPath)
            // Only the old key can vouch for the new one: sign now, while it is at hand.
            try store.write { _ in try store.setMeta(LocalNode.keyHistoryMeta, LocalNode.encodeKeyHistory(history)) }
        } catch {
            try? fm.removeItem(atPath: home.privateKeyPath)
            try? fm.moveItem(atPath: old, toPath: home.privateKeyPath)
            throw error
        }
        return try LocalNode.open(home: home, readOnly: false)
    }

    /// node_meta key of the signed rotations: one line per rotation,
    /// "PREVIOUS_KEY NEW_KEY SIGNATURE" (base64url), oldest first.
    static let keyHistoryMeta = "key_rotations"

    static func keyHistory(_ store: Store) throws -> [KeyHistoryEntry] {
        try (store.meta(keyHistoryMeta) ?? "").split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count == 3 else { return nil }
            return KeyHistoryEntry(publicKey: parts[1], previousKey: parts[0], signedByPrevious: parts[2])
        }
    }

    static func encodeKeyHistory(_ history: [KeyHistoryEntry]) -> String {
        history.map { "\($0.previousKey) \($0.publicKey) \($0.signedByPrevious)" }.joined(separator: "\n")
    }

    static func previousKeys(_ store: Store) throws -> [Ed25519PublicKey] {
        try (store.meta("previous_public_keys") ?? "").split(separator: " ").compactMap { try? Ed25519PublicKey(base64url: String($0)) }
    }

    static func loadKey(_ home: NodeHome) throws -> Ed25519PrivateKey {
        guard let data = FileManager.default.contents(atPath: home.privateKeyPath),
              let pem = String(data: data, encoding: .utf8) else {
            throw NodeError(.notFound, "cannot read the node key at \(home.privateKeyPath): restore it from your backup (docs/operations.md)")
        }
        do { return try Ed25519PrivateKey(pem: pem) } catch {
            throw NodeError(.data, "the node key at \(home.privateKeyPath) is not an Ed25519 PKCS#8 PEM key: \(error)")
        }
    }

    /// Signs a revision's canonical bytes with this node's key.
    package func sign(_ revision: Revision) throws -> [UInt8] {
        guard let key else { throw NodeError(.failure, "this node was opened read-only and cannot sign") }
        return try key.sign(CanonicalEncoding.signingBytes(of: revision))
    }

    /// Mints a new document id owned by this node.
    package func mintID() -> String {
        // Two 64-bit draws, not sixteen 8-bit ones: each draw is a getrandom
        // system call, and an import of 100,000 records mints 100,000 ids.
        var random = SystemRandomNumberGenerator()
        let bytes = [random.next(), random.next()].flatMap { (word: UInt64) in
            (0..<8).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
        }
        return DocumentID.mint(node: identity.name, random: bytes)
    }

    // MARK: authoring

    /// Adds a new document and returns its id.
    package func add(_ record: DocumentRecord, now: UInt64 = WallClock.nowMillis()) throws -> String {
        try validate(record)
        let id = record.id ?? mintID()
        try store.write { scope in
            if try store.document(id, now: now) != nil {
                throw NodeError(.data, "a document with id \(id) exists already: use `syncnode edit \(id)`")
            }
            guard DocumentOwnership.isOwned(id, by: identity.name) else {
                throw NodeError(.data, "cannot add \(id): \(DocumentOwnership.refusal(id: id, creator: identity.name)). Remove the id from the record to add it under a new id of this node, or use `syncnode import`, which does that and reports the new id")
            }
            try store.commitLocal(documentID: id, kind: record.kind, content: record.content, tombstone: false, now: now, sign: sign, in: scope)
        }
        return id
    }

    /// Sets (or, with nil, clears) fields of a document.
    /// - Throws: when the document has unresolved field conflicts (resolve them first).
    @discardableResult
    package func edit(_ id: String, set changes: [String: FieldValue?], now: UInt64 = WallClock.nowMillis()) throws -> SignedRevision {
        try store.write { scope in
            guard let doc = try store.document(id, now: now) else { throw NodeError(.notFound, "no document with id '\(id)': `syncnode list` shows the ids") }
            if doc.deleted { throw NodeError(.data, "\(id) is deleted: re-create it with `syncnode resolve \(id) --edit` (or --set FIELD=VALUE), or import a record with this id") }
            if !doc.view.conflicts.isEmpty {
                let fields = doc.view.conflicts.map(\.field).joined(separator: ", ")
                throw NodeError(.data, "\(id) has unresolved conflicts in \(fields): resolve them first with `syncnode resolve \(id)` (see `syncnode show \(id) --siblings`)")
            }
            var content = doc.content
            for (field, value) in changes { content[field] = value }
            try validate(DocumentRecord(id: id, kind: doc.kind, content: content))
            return try store.commitLocal(documentID: id, kind: doc.kind, content: content, tombstone: false, now: now, sign: sign, in: scope)
        }
    }

    /// Deletes a document by writing a tombstone revision (the row and its
    /// history stay, so the delete can sync).
    package func delete(_ id: String, now: UInt64 = WallClock.nowMillis()) throws -> SignedRevision {
        try store.write { scope in
            guard let doc = try store.document(id, now: now) else { throw NodeError(.notFound, "no document with id '\(id)': `syncnode list` shows the ids") }
            if doc.deleted && doc.siblings.count == 1 { throw NodeError(.data, "\(id) is already deleted") }
            return try store.commitLocal(documentID: id, kind: doc.kind, content: Content(), tombstone: true, now: now, sign: sign, in: scope)
        }
    }

    func validate(_ record: DocumentRecord) throws {
        do { try DocumentSchema.validate(record.content, kind: record.kind) } catch let e as ValidationError {
            throw NodeError(.data, e.description)
        }
    }

    /// Imports records in one transaction: all or nothing. `ImportMatcher`
    /// decides first which document each record is (by id, content or
    /// `source_url`), so that a repeated import writes no revision; another
    /// node's id that the store lacks gets a new id of this node.
    package func importRecords(_ records: [(record: DocumentRecord, file: String, line: Int)],
                              files: Int, now: UInt64 = WallClock.nowMillis()) throws -> ImportSummary {
        var summary = try importRecords(now: now) { body in
            for (record, file, line) in records { try body(record, file, line) }
        }
        summary.files = files
        return summary
    }

    /// `importRecords` for records read from `stream` (for example
    /// `RecordReader.forEachRecord`), so that memory stays bounded whatever
    /// their number and the store's size. Matching needs every record's id
    /// before it decides any (`ImportMatcher`), so into a store that holds
    /// documents the stream is read twice: the first read keeps what
    /// matching needs (`ImportEntry`: a digest instead of the text) in the
    /// store's work tables, the second writes. Into a store with no
    /// documents nothing can match, and one read decides and writes. The
    /// writes go in batches of `batchSize`, signing batch k+1 on another
    /// thread while batch k is applied. One transaction: an error at any
    /// record, or a record that differs between the two reads, leaves the
    /// store as it was. `summary.files` counts the files that held records.
    /// - Parameters:
    ///   - listIDs: fill `summary.ids` and `summary.reassigned` (held in
    ///     memory: only for a caller that shows them all at once).
    ///   - report: called once the import has committed, with its summary
    ///     and the reassigned ids read one at a time from the work tables
    ///     (an import of another node's export reassigns every record).
    package func importRecords(now: UInt64 = WallClock.nowMillis(), batchSize: Int = 256, listIDs: Bool = true,
                              _ stream: RecordStream, report: ImportReport? = nil) throws -> ImportSummary {
        var summary = ImportSummary(files: 0)
        var matcher = try ImportMatcher(node: identity.name, store: store)
        defer { try? store.endImportWork() }
        let seen = DuplicateIDCheck(store: store)
        var lastFile: String?
        func counted(_ record: DocumentRecord, _ file: String, _ line: Int) throws {
            try seen.check(record.id, file: file, line: line)
            if file != lastFile { summary.files += 1; lastFile = file }
            summary.records += 1
        }
        /// The first of two reads: what matching needs of every record.
        func firstRead() throws {
            try store.inImportWorkBatch {
                try stream { record, file, line in
                    try counted(record, file, line)
                    try matcher.add(ImportEntry(record, file: file, line: line))
                }
            }
        }
        // Into a store that holds documents, the first read runs before the
        // write transaction, so that serve and sync runs are not held up by it.
        let readFirst = try store.holdsDocuments()
        if readFirst { try firstRead() }
        try store.bulkWrite { scope in
            guard let key else { throw NodeError(.failure, "this node was opened read-only and cannot sign") }
            try store.forEachImportCandidate { try matcher.add($0) }
            // Each document is written at most once, so no write depends on
            // another in the same import, and signing can run ahead.
            var writer = ImportWriter(store: store, in: scope, key: key, now: now, batchSize: batchSize)
            if !readFirst, matcher.isEmpty {
                // Nothing to match or read back: the indexes are built once at the end.
                try store.withSecondaryIndexesDeferred(in: scope) {
                    try stream { record, file, line in
                        try counted(record, file, line)
                        let decision = matcher.decisionInAnEmptyStore(for: record.id, mint: mintID)
                        if listIDs { summary.ids.append(decision.id) }
                        try writer.write(record, decision, into: &summary)
                    }
                    try writer.finish()
                }
            } else {
                // (Read here only if documents arrived since the check above.)
                if !readFirst { try firstRead() }
                try matcher.decide()
                var i = 0
                try stream { record, file, line in
                    guard i < matcher.count else { throw ImportMatcher.changedFiles(at: file, line: line) }
                    let decision = try matcher.decision(at: i, for: (record, file, line), mint: mintID)
                    if listIDs { summary.ids.append(decision.id) }
                    try writer.write(record, decision, into: &summary)
                    i += 1
                }
                if i < matcher.count {
                    let place = try matcher.place(of: i)
                    throw ImportMatcher.changedFiles(at: place.file, line: place.line)
                }
                try writer.finish()
            }
        }
        func forEachReassigned(_ body: (IDReassignment) throws -> Void) throws {
            try store.forEachImportReassignment { try body(IDReassignment(from: $0, to: $1)) }
        }
        if listIDs { try forEachReassigned { summary.reassigned.append($0) } }
        try report?(summary, forEachReassigned)
        return summary
    }

    /// Every live document's merged view as a record, sorted by id.
    package func exportRecords(now: UInt64 = WallClock.nowMillis()) throws -> [DocumentRecord] {
        var records: [DocumentRecord] = []
        try exportRecords(now: now) { records.append($0) }
        return records
    }

    /// Calls `body` with every live document's merged view as a record, in
    /// id order, one at a time (an export of any size in bounded memory:
    /// holding them all took 1.1 GB at 100,000 articles), all read from one
    /// snapshot of the store, so that a write made meanwhile is in all of
    /// the export or none of it. Returns how many there were.
    @discardableResult
    package func exportRecords(now: UInt64 = WallClock.nowMillis(), _ body: (DocumentRecord) throws -> Void) throws -> Int {
        try store.readingOneSnapshot {
            var count = 0
            try store.forEachDocumentID(includeDeleted: false) { id in
                guard let doc = try store.document(id, now: now) else { return }
                try body(DocumentRecord(id: id, kind: doc.kind, content: doc.content))
                count += 1
            }
            return count
        }
    }
}

@available(*, unavailable)
extension LocalNode: Sendable {}

extension LocalNode {
    /// Writes the revision that resolves a document's conflict (it supersedes
    /// every current sibling).
    package func resolve(_ id: String, with resolution: Resolution, now: UInt64 = WallClock.nowMillis()) throws -> SignedRevision {
        try store.write { scope in
            guard let doc = try store.document(id, now: now) else { throw NodeError(.notFound, "no document with id '\(id)'") }
            let draft: ResolutionDraft
            do { draft = try resolution.draft(for: doc.view) } catch let e as ResolutionError { throw NodeError(.data, e.description) }
            if !draft.tombstone { try validate(DocumentRecord(id: id, kind: doc.kind, content: draft.content)) }
            return try store.commitLocal(documentID: id, kind: doc.kind, content: draft.content, tombstone: draft.tombstone,
                                         now: now, sign: sign, in: scope)
        }
    }

    /// Conflict reports of every document with more than one version, sorted by id.
    package func conflictReports(now: UInt64 = WallClock.nowMillis()) throws -> [ConflictReport] {
        try store.conflictedDocumentIDs().compactMap { id in
            try store.document(id, now: now).flatMap { ConflictReport(view: $0.view) }
        }
    }
}
