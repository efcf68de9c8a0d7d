import SQLite
import SyncCore

/// Taking revisions back out of the log, for the two rules that must give
/// every node the same result whatever the order of arrival (see
/// `WithdrawnRevision`). Both run before the incoming revision is written.
extension Store {
    /// Two revisions claim `incoming`'s dot: the incoming one may stay only
    /// if it is the one every node keeps.
    /// - Throws: `StoreError.dotReused` when the held one is kept.
    func checkReusedDot(_ incoming: SignedRevision, heldSeq: Int64) throws {
        guard DocumentState.keepsFirst(incoming.revision, over: try record(seq: heldSeq).revision) else {
            throw StoreError.dotReused(dot: incoming.revision.revisionID, documentID: incoming.revision.documentID)
        }
    }

    /// Withdraws the held revision of a reused dot (after `checkReusedDot`).
    func withdrawReusedDot(heldSeq: Int64, now: UInt64) throws -> WithdrawnRevision {
        let held = try record(seq: heldSeq)
        let current = try isCurrent(held.revision)
        try withdraw([held], documentID: held.revision.documentID, now: now)
        return WithdrawnRevision(record: held, wasCurrent: current, code: "reused_counter",
                                 reason: "another revision claims the same write counter \(held.revision.revisionID) and every node keeps that one (its author was restored from a backup and wrote again)")
    }

    /// `incoming` says its document is of the other kind than the store
    /// holds. A document's kind is its creation's (the owner's revision with
    /// an empty context): `incoming` may stay only when it is that creation
    /// and outranks any other creation held.
    /// - Throws: `StoreError.kindMismatch` when `incoming` is refused.
    func checkKind(_ incoming: SignedRevision, storedKind: String) throws {
        let r = incoming.revision
        let rivalCreation = try history(of: r.documentID).contains {
            $0.revision.context.entries.isEmpty && !DocumentState.keepsFirst(r, over: $0.revision)
        }
        guard r.context.entries.isEmpty, !rivalCreation else {
            throw StoreError.kindMismatch(revision: r.revisionID, documentID: r.documentID, claimed: r.kind.rawValue, stored: storedKind)
        }
    }

    /// Withdraws every revision held of `creation`'s document (after `checkKind`).
    func withdrawOtherKind(for creation: Revision, now: UInt64) throws -> [WithdrawnRevision] {
        let held = try history(of: creation.documentID)
        let heads = Set(try documentState(creation.documentID)?.siblings.map(\.dot) ?? [])
        try withdraw(held, documentID: creation.documentID, now: now)
        return held.map {
            WithdrawnRevision(record: $0, wasCurrent: heads.contains($0.revision.dot), code: "kind_mismatch",
                              reason: "\(creation.documentID) was created as \(creation.kind.withArticle) by \(creation.revisionID), but this revision says it is \($0.revision.kind.withArticle)")
        }
    }

    /// True when `revision` is one of its document's current siblings.
    func isCurrent(_ revision: Revision) throws -> Bool {
        try documentState(revision.documentID)?.siblings.contains { $0.dot == revision.dot } ?? false
    }

    /// Deletes `records` (all of one document) from the log and rebuilds
    /// the document's view from what remains (or removes it).
    func withdraw(_ records: [RevisionRecord], documentID: String, now: UInt64) throws {
        // The index entry's texts are read back from the log: take them
        // before the revisions they come from are deleted.
        let indexed = try searchEntry(documentID: documentID)
        var removed: Int64 = 0
        for r in records {
            try db.run("DELETE FROM revisions WHERE seq = ?", r.seq)
            removed += Int64(db.changes)
        }
        try countRevisions(-removed)
        let remaining = try history(of: documentID)
        guard let last = remaining.last else {
            try removeDocument(documentID, indexed: indexed)
            return
        }
        var state = DocumentState()
        for r in remaining { state.apply(r.revision) }
        let view = try computeView(state, now: now)
        try saveView(view, viewJSON: ContentJSON.encode(view.content), state: state, seq: last.seq, isNew: false,
                     indexed: indexed)
    }

    /// Deletes a document's view row and its full-text entry (`indexed`,
    /// read before its revisions left the log).
    func removeDocument(_ id: String, indexed: SearchEntry?) throws {
        guard let old = try db.firstRow("SELECT deleted, kind, city FROM documents WHERE doc_id = ?", id) else { return }
        try countDocument(from: CountKey(deleted: old.bool(0), kind: old.string(1), city: old.string(2)), to: nil)
        try replaceSearchEntry(indexed, with: nil)
        try db.run("DELETE FROM documents WHERE doc_id = ?", id)
    }

    /// The log entry at `seq`.
    func record(seq: Int64) throws -> RevisionRecord {
        guard let row = try db.firstRow("SELECT \(Store.revisionColumns) FROM revisions WHERE seq = ?", seq) else {
            throw StoreError.corrupt("log entry \(seq) vanished during a write")
        }
        return try record(from: row)
    }

    /// Writes `old`'s content again as a new local revision, concurrent
    /// with whatever superseded it elsewhere (its context is what `old` had
    /// seen, plus its dot): a write of this node's that lost a reused dot
    /// (or could not be stored because of one) is not lost. Moves to a new epoch first when
    /// the dot was the current actor's. In a write.
    @discardableResult
    package func reissue(_ old: Revision, now: UInt64, sign: (Revision) throws -> [UInt8], in scope: WriteScope) throws -> SignedRevision {
        if try actor == old.dot.actor { try beginNewEpoch() }
        var context = old.context
        context.add(old.dot)
        let revision = Revision(documentID: old.documentID, kind: old.kind, dot: try nextDot(), context: context,
                                author: try nodeName, timestamp: try nextTimestamp(now: now),
                                tombstone: old.tombstone, content: old.content)
        let signed = SignedRevision(revision: revision, signature: try sign(revision))
        try apply(signed, origin: nil, now: now, in: scope)
        return signed
    }
}
