import Dispatch
import SyncCore
import SyncStore

/// Verifies and applies a change-set (a pulled page or a pushed body), in
/// one transaction through the store's apply path.
///
/// Two kinds of bad revision are told apart:
/// - tampering: a signature that does not verify with its author's key.
///   The bytes are not what the author wrote, so nothing of the change-set
///   is applied (`ChangeSetRejected`).
/// - disagreement: a revision correctly signed (or by an author this node
///   does not trust) that cannot be accepted: another city's id namespace,
///   a schema break, the other kind than the stored document, a reused
///   counter. It is recorded (`syncnode rejected`) and the rest is applied,
///   so one such revision never blocks a link.
package struct ChangeSetApplier {
    package let trust: TrustStore
    /// Signs this node's revisions. With it, a write of ours withdrawn for
    /// a reused dot (we were restored and wrote again) is written again
    /// under a new epoch instead of being lost (`Store.reissue`).
    let sign: ((Revision) throws -> [UInt8])?

    package init(trust: TrustStore, sign: ((Revision) throws -> [UInt8])? = nil) {
        self.trust = trust
        self.sign = sign
    }

    /// Change-sets at least this large are verified on two threads.
    static let parallelThreshold = 64

    /// The first half of taking in a change-set, without the store: checks
    /// every signature (on two threads from `parallelThreshold` revisions)
    /// and the content rules, so that it runs before a write is begun (the
    /// push handler, on the request's thread; a puller verifies on the
    /// thread that fetched the page, `FetchedPage`).
    /// - Returns: per revision, why it must not reach the store (nil: it may).
    /// - Throws: `ChangeSetRejected` when any signature does not verify (tampering).
    package func verify(_ revisions: [SignedRevision], from peer: String) throws -> [RevisionRejection?] {
        let check = SignatureCheck(revisions, trust: trust)
        DispatchQueue.concurrentPerform(iterations: revisions.count >= Self.parallelThreshold ? 2 : 1) { _ in check.work() }
        let problems = Self.contentProblems(of: revisions, from: peer)
        return try Self.refusals(revisions, verdicts: check.verdicts, contentProblems: problems, from: peer)
    }

    /// The second half: applies `revisions` with the `refusals` that
    /// `verify` (or `refusals`) gave for them, in the caller's write with
    /// no savepoint of its own, then runs `alsoInTransaction` in it (a
    /// puller saves its checkpoint so; the server commits several pushes
    /// in one write, `WriteGroup`).
    package func applyVerified(_ revisions: [SignedRevision], refusals: [RevisionRejection?], from peer: String, to store: Store,
                              now: UInt64, in scope: WriteScope,
                              alsoInTransaction: (ApplyTally, WriteScope) throws -> Void = { _, _ in }) throws -> ApplyTally {
        try finish(try apply(revisions, refusals: refusals, from: peer, to: store, now: now, in: scope), store, scope,
                   alsoInTransaction)
    }

    /// Per revision, why it must not reach the store (nil: it may).
    /// - Throws: `ChangeSetRejected` when any signature does not verify (tampering).
    static func refusals(_ revisions: [SignedRevision], verdicts: [TrustStore.Verdict], contentProblems: [RevisionRejection?],
                         from peer: String) throws -> [RevisionRejection?] {
        let verdicts: [RevisionRejection?] = zip(zip(revisions, verdicts), contentProblems).map { pair, problem in
            let (signed, v) = pair
            let r = signed.revision
            let code: RevisionRejection.Code
            let reason: String
            switch v {
            case .valid: return problem
            case .unknownAuthor: (code, reason) = (.unknownAuthor, "its author '\(r.author)' is not a trusted peer of this node")
            case .revokedKey: (code, reason) = (.revokedKey, "it is signed with a revoked key of '\(r.author)'")
            case .badSignature: (code, reason) = (.badSignature, "its signature does not verify with \(r.author)'s key (altered or forged)")
            }
            return RevisionRejection(peer: peer, documentID: r.documentID, revisionID: r.revisionID, code: code, reason: reason)
        }
        let tampered = verdicts.compactMap { $0 }.filter(\.code.refusesChangeSet)
        if !tampered.isEmpty { throw ChangeSetRejected(rejections: tampered) }
        return verdicts
    }

    /// `contentProblem` of each revision, in order: pure, so a puller works
    /// it out on the thread that fetched the page.
    package static func contentProblems(of revisions: [SignedRevision], from peer: String) -> [RevisionRejection?] {
        revisions.map { contentProblem($0, from: peer) }
    }

    /// Why a revision cannot be stored whatever its signature: a bad id,
    /// another city's id namespace, content that breaks the documented schema.
    static func contentProblem(_ signed: SignedRevision, from peer: String) -> RevisionRejection? {
        let r = signed.revision
        func rejection(_ code: RevisionRejection.Code, _ reason: String) -> RevisionRejection {
            RevisionRejection(peer: peer, documentID: r.documentID, revisionID: r.revisionID, code: code, reason: reason)
        }
        guard DocumentID.isValid(r.documentID) else { return rejection(.invalidContent, "its document id is not of the form node.suffix") }
        do { try DocumentOwnership.check(r) } catch { return rejection(.notOwner, error.reason) }
        guard !r.tombstone else { return nil }
        do { try DocumentSchema.validate(r.content, kind: r.kind) } catch let e as ValidationError {
            return rejection(.invalidContent, "its content breaks the \(r.kind.rawValue) schema: \(e.description)")
        } catch { return rejection(.invalidContent, String(describing: error)) }
        return nil
    }

    /// Applies the revisions not refused; records the refused ones and those
    /// the store refuses (a reused counter, the other kind), in a write of `store`.
    func apply(_ revisions: [SignedRevision], refusals: [RevisionRejection?], from peer: String, to store: Store,
               now: UInt64, in scope: WriteScope) throws -> ApplyTally {
        var tally = ApplyTally()
        // Revisions on record as refused (few): one read per change-set, so
        // that an accepted one drops its record without a query per revision.
        let onRecord = try store.rejectedDots()
        for (signed, refusal) in zip(revisions, refusals) {
            if let refusal {
                try record(refusal, signed, store: store, now: now, in: scope, into: &tally)
                continue
            }
            let id = signed.revision.revisionID
            let result: ApplyResult
            do {
                let outcome = try store.applyReceived(signed, origin: peer, now: now, in: scope)
                result = outcome.result
                try settle(outcome.withdrawn, store: store, now: now, in: scope, into: &tally)
            } catch let e as StoreError where e.isRefusal {
                let code: RevisionRejection.Code
                if case .dotReused = e { code = .reusedCounter } else { code = .kindMismatch }
                let r = signed.revision
                let seenBefore = try store.isRecordedRejection(signed)
                try record(RevisionRejection(peer: peer, documentID: r.documentID, revisionID: id, code: code, reason: e.description),
                           signed, store: store, now: now, in: scope, into: &tally)
                // A write of ours that lost its dot to the one every node
                // keeps (we were restored and wrote again): write it again, once.
                if code == .reusedCounter, !seenBefore, try r.author == store.nodeName, let sign {
                    tally.reissuedIDs.append(try store.reissue(r, now: now, sign: sign, in: scope).revision.revisionID)
                }
                continue
            }
            switch result {
            case .alreadyHad:
                tally.alreadyHadIDs.append(id)
            case .obsolete:
                tally.appliedIDs.append(id)
            case .applied(let conflict):
                tally.appliedIDs.append(id)
                if conflict { tally.conflictIDs.append(id) }
            }
            if result != .alreadyHad, onRecord.contains(signed.revision.dot) { try store.forgetRejection(signed, in: scope) }
        }
        return tally
    }

    /// Records revisions the store took back out of its log, and writes
    /// again any of this node's own that was showing (see `WithdrawnRevision`).
    private func settle(_ withdrawn: [WithdrawnRevision], store: Store, now: UInt64, in scope: WriteScope,
                        into tally: inout ApplyTally) throws {
        guard !withdrawn.isEmpty else { return }
        let selfName = try store.nodeName
        for w in withdrawn {
            let r = w.record.revision
            let code = RevisionRejection.Code(rawValue: w.code) ?? .reusedCounter
            try record(RevisionRejection(peer: w.record.origin ?? selfName, documentID: r.documentID, revisionID: r.revisionID,
                                         code: code, reason: w.reason), w.record.signed, store: store, now: now, in: scope, into: &tally)
            if code == .reusedCounter, w.wasCurrent, r.author == selfName, let sign {
                let again = try store.reissue(r, now: now, sign: sign, in: scope)
                tally.reissuedIDs.append(again.revision.revisionID)
            }
        }
    }

    private func record(_ rejection: RevisionRejection, _ signed: SignedRevision, store: Store, now: UInt64,
                        in scope: WriteScope, into tally: inout ApplyTally) throws {
        try store.recordRejection(signed, peer: rejection.peer, code: rejection.code.rawValue, reason: rejection.reason, now: now,
                                  in: scope)
        tally.rejections.append(rejection)
    }

    /// The rest of the transaction once every revision is applied and verified.
    private func finish(_ tally: ApplyTally, _ store: Store, _ scope: WriteScope,
                        _ alsoInTransaction: (ApplyTally, WriteScope) throws -> Void) throws -> ApplyTally {
        try store.moveToNewEpochIfRestored()
        try alsoInTransaction(tally, scope)
        return tally
    }
}
