import SyncCore
import SyncCrypto
import SyncStore

/// Decides which document each record of one import writes to, so that
/// importing the same files again writes nothing (README, "How import
/// matches records"). In order:
///
/// 1. An id the store has (even deleted) names that document: the record
///    updates it, or leaves it unchanged when identical. A different kind is
///    refused.
/// 2. An id of this node that the store lacks creates that document.
/// 3. Otherwise (no id, or another node's id the store lacks) the record
///    matches a live document of the same kind with identical content, else
///    one with the same `source_url` (the smallest id first).
/// 4. Otherwise it creates a document under a new id of this node (another
///    node's id is reported as reassigned: only the owner may create it).
///
/// A document is matched by at most one record of an import, so two records
/// with the same `source_url` stay two documents, and repeat imports pair
/// them up the same way.
///
/// The records and the stored documents it matches are kept in the store's
/// temporary work tables (`Store.beginImportWork`), not in memory, so that
/// an import of any size into a store of any size runs in bounded memory.
struct ImportMatcher {
    let node: String
    let store: Store
    /// Records added so far (the next one's `ord`).
    private(set) var count = 0
    /// Stored documents added so far.
    private(set) var documents = 0

    /// Starts matching with empty work tables (an earlier import's are dropped).
    init(node: String, store: Store) throws {
        self.node = node
        self.store = store
        try store.beginImportWork()
    }

    /// Adds one stored document (`Store.forEachImportCandidate`).
    mutating func add(_ candidate: ImportCandidate) throws {
        try store.addImportDocument(candidate, digest: Self.digest(candidate.contentJSON))
        documents += 1
    }

    /// Adds the next record, in record order.
    mutating func add(_ entry: ImportEntry) throws {
        try store.addImportRecord(ord: count, id: entry.id, owned: entry.id.map { DocumentOwnership.isOwned($0, by: node) } ?? false,
                                  kind: entry.kind, digest: entry.digest, sourceURL: entry.sourceURL,
                                  file: entry.file, line: entry.line)
        count += 1
    }

    /// True when the store holds no documents: then nothing can match, and
    /// each record is decided alone (`decisionInAnEmptyStore`).
    var isEmpty: Bool { documents == 0 }

    /// The decision `decide` makes for a record with `id` when the store
    /// holds no documents (rules 2 and 4), without seeing the other records.
    func decisionInAnEmptyStore(for id: String?, mint: () -> String) -> ImportDecision {
        if let id, DocumentOwnership.isOwned(id, by: node) { return .create(id, reassignedFrom: nil) }
        return .create(mint(), reassignedFrom: id)
    }

    /// Decides every record added (read each decision with `decision(at:)`).
    /// Ids first, so that no content or `source_url` match takes a document
    /// a record names; identical content before `source_url`, so that a
    /// changed record never takes the document an unchanged one repeats.
    /// - Throws: `ImportError` for the first record whose id exists as the other kind.
    func decide() throws {
        if let clash = try store.importKindClash() {
            let (stored, record) = (clash.storedKind, clash.recordKind)
            throw ImportError(file: clash.file, line: clash.line, field: "kind", reason: "\(clash.id) is \(stored.withArticle) in this store, not \(record.withArticle): give the record kind \"\(stored.rawValue)\", or remove its id to import it as a new \(record.rawValue)")
        }
        // Each rule sorts records and documents by their keys, two sorts at
        // once: under the bulk write's cache, a repeated import of 200,000
        // records took 124 MB.
        try store.withSortMemory {
            try store.matchImportRecordsByID()
            try store.matchImportRecordsByContent()
            try store.matchImportRecordsBySourceURL()
        }
    }

    /// The decision for the record at `ord` (after `decide`); `mint` makes the
    /// new id of a record that no document matched.
    /// - Parameter record: when given, the record read again: it must be the
    ///   one the first read saw, else the files changed meanwhile.
    func decision(at ord: Int, for record: (record: DocumentRecord, file: String, line: Int)? = nil,
                  mint: () -> String) throws -> ImportDecision {
        let row = try self.row(ord, else: record.map { ($0.file, $0.line) } ?? ("", 0))
        if let (record, file, line) = record {
            guard record.id == row.id, record.kind == row.kind,
                  Self.digest(Store.contentJSON(of: record.content)) == row.digest else {
                throw Self.changedFiles(at: file, line: line)
            }
        }
        switch (row.decision, row.documentID) {
        case (.unchanged, let id?): return .unchanged(id)
        case (.update, let id?): return .update(id)
        case (.create, let id?): return .create(id, reassignedFrom: nil)
        case (nil, _): return .create(mint(), reassignedFrom: row.id)
        case (let decision?, nil):
            throw StoreError.corrupt("import matching decided '\(decision.rawValue)' for record \(ord) but named no document")
        }
    }

    /// Where the record at `ord` was read the first time (the second read
    /// stopped short of it: the files changed).
    func place(of ord: Int) throws -> (file: String, line: Int) {
        let row = try self.row(ord, else: ("", 0))
        return (row.file, row.line)
    }

    /// The work tables' row for `ord`; a record the first read did not see
    /// means the files changed (reported at `place`).
    private func row(_ ord: Int, else place: (file: String, line: Int)) throws -> ImportRecordRow {
        guard let row = try store.importRecordRow(ord: ord) else { throw Self.changedFiles(at: place.file, line: place.line) }
        return row
    }

    static func changedFiles(at file: String, line: Int) -> ImportError {
        ImportError(file: file, line: line, field: nil, reason: "the file changed while it was imported; nothing was imported, try again")
    }

    /// Names content exactly, in 32 bytes instead of the whole text: the
    /// SHA-256 of the store's canonical content JSON.
    static func digest(_ contentJSON: String) -> [UInt8] {
        SHA256.hash(contentJSON)
    }
}
