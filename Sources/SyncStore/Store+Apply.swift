import SQLite
import SyncCore

/// The one path through which every revision enters the store, local or
/// received: it appends to the change log and recomputes the document's
/// view through the merge rules of SyncCore.
extension Store {
    /// Applies a signed revision, in a write. The caller has verified the
    /// signature (the store does not hold keys).
    /// - Parameters:
    ///   - origin: the peer it came from, or nil for a local write.
    ///   - now: local wall-clock milliseconds (skew flags, received-at).
    /// - Throws: `StoreError.dotReused` when the dot is known with other content,
    ///   `StoreError.kindMismatch` when the document is stored as the other kind;
    ///   both before anything is written.
    @discardableResult
    package func apply(_ signed: SignedRevision, origin: String?, now: UInt64, in _: WriteScope) throws -> ApplyResult {
        var withdrawn: [WithdrawnRevision] = []
        return try apply(signed, origin: origin, now: now, known: nil, withdrawn: &withdrawn)
    }

    /// `apply` for a revision received from `origin`, also returning the
    /// revisions it displaced from the log (see `WithdrawnRevision`), for
    /// the caller to record.
    package func applyReceived(_ signed: SignedRevision, origin: String, now: UInt64, in _: WriteScope) throws
        -> (result: ApplyResult, withdrawn: [WithdrawnRevision]) {
        var withdrawn: [WithdrawnRevision] = []
        let result = try apply(signed, origin: origin, now: now, known: nil, withdrawn: &withdrawn)
        return (result, withdrawn)
    }

    /// `apply`, given the document's row when the caller has just read it
    /// in this transaction (`.some(nil)`: no such document), to save reading
    /// it twice.
    @discardableResult
    func apply(_ signed: SignedRevision, origin: String?, now: UInt64, known: DocumentRow??) throws -> ApplyResult {
        var withdrawn: [WithdrawnRevision] = []
        return try apply(signed, origin: origin, now: now, known: known, withdrawn: &withdrawn)
    }

    func apply(_ signed: SignedRevision, origin: String?, now: UInt64, known: DocumentRow??,
               withdrawn: inout [WithdrawnRevision]) throws -> ApplyResult {
        let r = signed.revision
        // A local write's dot was just taken from this store's counter: it is
        // new (the log's UNIQUE (actor, counter) would refuse it otherwise).
        var row: DocumentRow?
        if origin != nil {
            // Decide everything before the first write, so that a refusal
            // leaves the transaction as it was for the rest of the change-set.
            var reusedSeq: Int64?
            if let existing = try db.firstRow("SELECT seq, signature, doc_id FROM revisions WHERE actor = ? AND counter = ?",
                                              r.dot.actor, r.dot.counter) {
                if try existing.blob(1) == signed.signature && existing.string(2) == r.documentID { return .alreadyHad }
                reusedSeq = try existing.int(0)
                try checkReusedDot(signed, heldSeq: existing.int(0))
            }
            row = try documentRow(r.documentID)
            var otherKind = false
            if let kind = row?.kind, kind != r.kind.rawValue {
                try checkKind(signed, storedKind: kind)
                otherKind = true
            }
            if let reusedSeq { withdrawn.append(try withdrawReusedDot(heldSeq: reusedSeq, now: now)) }
            if otherKind {
                withdrawn += try withdrawOtherKind(for: r, now: now)
                // Revisions refused earlier for saying this kind belong to it after all.
                let result = try apply(signed, origin: origin, now: now, known: .some(nil), withdrawn: &withdrawn)
                for (earlier, peer) in try refusedForKind(documentID: r.documentID, kind: r.kind) {
                    do {
                        _ = try apply(earlier, origin: peer, now: now, known: nil, withdrawn: &withdrawn)
                        try forgetRejection(earlier)
                    } catch let e as StoreError where e.isRefusal {
                        continue   // still refused, for another reason: its record stays
                    }
                }
                return result
            }
            if !withdrawn.isEmpty { row = try documentRow(r.documentID) }
        } else {
            row = try known ?? documentRow(r.documentID)
            // Refusals come before the first write, so that a caller can
            // record them and go on with the rest of its change-set.
            if let kind = row?.kind, kind != r.kind.rawValue {
                throw StoreError.kindMismatch(revision: r.revisionID, documentID: r.documentID, claimed: r.kind.rawValue, stored: kind)
            }
        }
        let (seq, contentJSON) = try appendToLog(signed, origin: origin, now: now)
        try observe(r.timestamp, now: now)

        var state = row?.state ?? DocumentState()
        switch state.apply(r) {
        case .alreadyKnown:
            return .alreadyHad
        case .obsolete:
            // Already superseded: the clock covers it, so the view is unchanged.
            return .obsolete
        case .added:
            let view = try computeView(state, now: now)
            // Encoded only when stored: a view that is its winner's content is not
            // (saveView), and one that is the new revision's reuses its JSON.
            try saveView(view, viewJSON: view.content.hasIdenticalBytes(to: r.content) ? contentJSON : ContentJSON.encode(view.content),
                         state: state, seq: seq, isNew: row == nil, indexed: row?.indexed)
            return .applied(conflict: state.siblings.count > 1)
        }
    }

    /// Writes a new local revision of `documentID` that supersedes every
    /// revision this node holds of it, signs it with `sign`, and applies it,
    /// in a write.
    @discardableResult
    package func commitLocal(documentID: String, kind: DocumentKind, content: Content, tombstone: Bool,
                            now: UInt64, sign: (Revision) throws -> [UInt8], in scope: WriteScope) throws -> SignedRevision {
        let prepared = try prepareLocal(documentID: documentID, kind: kind, content: content, tombstone: tombstone, now: now,
                                        in: scope)
        return try applyPrepared(prepared, signature: try sign(prepared.revision), now: now, in: scope)
    }

    /// The first half of `commitLocal`: takes the write event and builds the
    /// revision, unsigned, so that a bulk writer can sign many on several
    /// threads. Apply each with `applyPrepared` in the same write, and
    /// prepare at most one write per document before applying it.
    package func prepareLocal(documentID: String, kind: DocumentKind, content: Content, tombstone: Bool,
                             now: UInt64, in _: WriteScope) throws -> PreparedWrite {
        try prepareLocal(documentID: documentID, kind: kind, content: content, tombstone: tombstone, now: now,
                         row: try documentRow(documentID))
    }

    /// `prepareLocal` for a caller that has just read the document (nil: there is none).
    package func prepareLocal(documentID: String, kind: DocumentKind, content: Content, tombstone: Bool,
                             now: UInt64, current: StoredDocument?, in _: WriteScope) throws -> PreparedWrite {
        try prepareLocal(documentID: documentID, kind: kind, content: content, tombstone: tombstone, now: now,
                         row: current.map { (DocumentState(siblings: $0.siblings, clock: $0.clock), $0.kind.rawValue, nil) })
    }

    func prepareLocal(documentID: String, kind: DocumentKind, content: Content, tombstone: Bool,
                      now: UInt64, row: DocumentRow?) throws -> PreparedWrite {
        let context = row?.state.clock ?? VersionVector()
        let revision = Revision(documentID: documentID, kind: kind, dot: try nextDot(), context: context,
                                author: try nodeName, timestamp: try nextTimestamp(now: now),
                                tombstone: tombstone, content: tombstone ? Content() : content)
        return PreparedWrite(revision: revision, known: row)
    }

    /// The second half of `commitLocal`: applies a prepared revision with its signature.
    @discardableResult
    package func applyPrepared(_ prepared: PreparedWrite, signature: [UInt8], now: UInt64, in _: WriteScope) throws -> SignedRevision {
        let signed = SignedRevision(revision: prepared.revision, signature: signature)
        try apply(signed, origin: nil, now: now, known: .some(prepared.known))
        return signed
    }

    /// Appends to the change log; returns the new seq and the content as stored.
    func appendToLog(_ s: SignedRevision, origin: String?, now: UInt64) throws -> (seq: Int64, contentJSON: String) {
        let r = s.revision
        let contentJSON = ContentJSON.encode(r.content)
        try db.run(Store.insertRevisionSQL,
            r.documentID, r.kind.rawValue, r.dot.actor, r.dot.counter, ClockText.encode(r.context), r.author,
            r.timestamp.millis, Int64(r.timestamp.logical), r.tombstone, contentJSON,
            s.signature, origin, Int64(clamping: now))
        let seq = db.lastInsertedRowID
        try countRevisions(1)
        return (seq, contentJSON)
    }

    /// The document's current siblings and clock, or nil if unknown.
    func documentState(_ id: String) throws -> DocumentState? {
        try documentRow(id)?.state
    }

    /// What `apply` needs of a document's row: its state, its kind, and its
    /// entry in the full-text index where the revisions read give it (nil:
    /// `saveView` reads it back through the view).
    typealias DocumentRow = (state: DocumentState, kind: String, indexed: SearchEntry?)

    func documentRow(_ id: String) throws -> DocumentRow? {
        guard let row = try db.firstRow("SELECT clock, heads, kind, row_id, deleted, view = '' FROM documents WHERE doc_id = ?",
                                        id) else { return nil }
        let clock = try ClockText.decodeVector(row.string(0))
        let heads = try ClockText.decodeDots(row.string(1)).map { try revision(at: $0) }
        return (DocumentState(siblings: heads, clock: clock), try row.string(2),
                Self.indexedEntry(rowID: try row.int(3), deleted: try row.bool(4), viewIsWinner: try row.bool(5), heads: heads))
    }

    /// The index entry of a live document with one head whose view is that
    /// head's content (no view stored): its texts are the head's, as
    /// `saveView` indexed them. Any other case, or a text holding NUL
    /// (indexed as the view gives it back), is left to reading the entry
    /// back, which costs an edit a json_extract of each field.
    static func indexedEntry(rowID: Int64, deleted: Bool, viewIsWinner: Bool, heads: [Revision]) -> SearchEntry? {
        guard !deleted, viewIsWinner, heads.count == 1, let head = heads.first, !head.tombstone else { return nil }
        let texts = searchableFields.map { head.content.text($0) }
        guard !texts.contains(where: \.containsNUL) else { return nil }
        return SearchEntry(rowID: rowID, texts: texts)
    }

    func computeView(_ state: DocumentState, now: UInt64) throws -> MergedView {
        var history: [Revision] = []
        if state.siblings.count > 1, let id = state.siblings.first?.documentID {
            history = try self.history(of: id).map(\.revision)
        }
        return MergeRules.view(siblings: state.siblings, history: history, now: now, maxSkewMillis: maxSkewMillis)
    }

    /// Writes the document's view row and keeps the full-text index in step:
    /// the old text leaves the index, the new text (unless deleted) enters it.
    func saveView(_ view: MergedView, viewJSON: @autoclosure () -> String, state: DocumentState, seq: Int64, isNew: Bool,
                  indexed: SearchEntry? = nil) throws {
        let c = view.content
        let kind = view.kind
        let tags = c.list("tags")
        let sortDate = c.text(DocumentSchema.dateField(for: kind))
        let values: [any SQLiteBindable] = [
            view.documentID, kind.rawValue, c.text("title"), c.text("category"), c.text("city"),
            tags.isEmpty ? "" : "|" + tags.joined(separator: "|") + "|",
            sortDate, view.tombstone,
            // The text once: a view that is its winner's content (the usual
            // case) is read from the log, not stored again (StoreSchema.v5, v6).
            view.content.hasIdenticalBytes(to: view.winner.content) ? "" : viewJSON(),
            ClockText.encode(state.clock), ClockText.encode(state.siblings.map(\.dot)),
            state.siblings.count, view.conflicts.count, view.deleteConflict, view.winner.revisionID, seq, seq,
        ]
        var rowID: Int64? = nil
        var oldEntry: SearchEntry? = nil
        let newKey = CountKey(deleted: view.tombstone, kind: kind.rawValue, city: c.text("city"))
        if !isNew, let old = try db.firstRow("SELECT row_id, deleted, kind, city, sort_date FROM documents WHERE doc_id = ?",
                                             view.documentID) {
            let id = try old.int(0)
            rowID = id
            try countDocument(from: CountKey(deleted: old.bool(1), kind: old.string(2), city: old.string(3)), to: newKey)
            oldEntry = try indexed ?? searchEntry(rowID: id)
            // SQLite rewrites an index entry whenever the UPDATE sets one of
            // its columns, even to the same value: an edit that keeps the
            // list order (the usual one) leaves `deleted` and `sort_date` out,
            // which spares the two list indexes a page write each.
            let keepsOrder = try old.bool(1) == view.tombstone && old.string(4) == sortDate
            let update = keepsOrder ? Store.documentUpdateKeepingOrder : Store.documentUpdate
            let written = Array(values.dropFirst(2))
            assert(written.count == Store.documentColumns.count, "saveView's values and documentColumns must stay in step")
            try db.cachedStatement(update.sql).execute(update.offsets.map { written[$0] } + [id])
        } else {
            try countDocument(from: nil, to: newKey)
            try db.cachedStatement(Store.upsertDocumentSQL).execute(values)
        }
        let row = rowID ?? db.lastInsertedRowID
        // FTS5 can remove an entry only with the exact texts it was indexed
        // with, and removal reads them back through the `documents_text`
        // view (`searchEntry`). SQLite's json_extract gives back exactly the
        // Swift string, except that 3.40 stops a string at an escaped NUL:
        // such a text is indexed as the view gives it. (Reading every new
        // text through the view instead cost an import about 40%: the view
        // parses the content once per column. A change of SQLite version
        // rebuilds the index, `rebuildSearchIndexIfSQLiteChanged`.)
        let texts = Store.searchableFields.map { c.text($0) }
        let newEntry: SearchEntry?
        if view.tombstone {
            newEntry = nil
        } else if texts.contains(where: \.containsNUL) {
            newEntry = try searchEntry(rowID: row)
        } else {
            newEntry = SearchEntry(rowID: row, texts: texts)
        }
        try replaceSearchEntry(oldEntry, with: newEntry)
    }

    /// The row every revision adds to the change log (also what the
    /// benchmark's floor writes, so both stay on the same schema).
    package static let insertRevisionSQL = """
        INSERT INTO revisions (doc_id, kind, actor, counter, context, author, hlc_millis, hlc_logical,
                               tombstone, content, signature, origin, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The columns a document's row is written with, in `saveView`'s order,
    /// after `doc_id` and `kind` (which an update never changes). The
    /// three statements that write the row are made from this one list.
    static let documentColumns = ["title", "category", "city", "tags", "sort_date", "deleted", "view", "clock", "heads",
                                  "sibling_count", "conflict_count", "delete_conflict", "winner", "created_seq", "updated_seq"]

    /// An UPDATE of a known document's row (by `row_id`, bound last), and
    /// which of `documentColumns` it sets, in order.
    typealias DocumentUpdate = (sql: String, offsets: [Int])

    /// Every column but `created_seq`.
    static let documentUpdate = documentUpdate(keepingOrder: false)

    /// Also leaves out the list indexes' columns, for an edit that keeps them.
    static let documentUpdateKeepingOrder = documentUpdate(keepingOrder: true)

    private static func documentUpdate(keepingOrder: Bool) -> DocumentUpdate {
        let skipped: Set<String> = keepingOrder ? ["created_seq", "sort_date", "deleted"] : ["created_seq"]
        let offsets = documentColumns.indices.filter { !skipped.contains(documentColumns[$0]) }
        let set = offsets.map { "\(documentColumns[$0]) = ?" }.joined(separator: ", ")
        return ("UPDATE documents SET \(set) WHERE row_id = ?", offsets)
    }

    /// The document view row (insert, or on a known `doc_id` the same
    /// update as `documentUpdate`); also what the benchmark's floor writes.
    package static let upsertDocumentSQL: String = {
        let columns = ["doc_id", "kind"] + documentColumns
        let updated = documentUpdate.offsets.map { "\(documentColumns[$0]) = excluded.\(documentColumns[$0])" }
        return "INSERT INTO documents (\(columns.joined(separator: ", "))) "
            + "VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", "))) "
            + "ON CONFLICT (doc_id) DO UPDATE SET \(updated.joined(separator: ", "))"
    }()
}
