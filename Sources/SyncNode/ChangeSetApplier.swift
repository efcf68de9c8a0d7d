import Dispatch
import Foundation
import Synchronization
import SyncCore
import SyncStore

/// Verifies and applies a change-set: every revision's signature is checked
/// against its author's trusted key (on both cores), and only if all pass
/// are they committed, in one transaction, through the store's apply path.
/// Pull (a page) and push (a body) both come through here.
public struct ChangeSetApplier {
    public let trust: TrustStore

    public init(trust: TrustStore) {
        self.trust = trust
    }

    /// The rejections (empty when every revision verifies).
    public func verify(_ revisions: [SignedRevision], from peer: String) -> [RevisionRejection] {
        let check = SignatureCheck(revisions, trust: trust)
        DispatchQueue.concurrentPerform(iterations: revisions.count >= Self.parallelThreshold ? 2 : 1) { _ in check.work() }
        return rejections(check, from: peer)
    }

    /// Change-sets at least this large are verified on two threads.
    static let parallelThreshold = 64

    /// The rejections of a finished check, in revision order.
    func rejections(_ check: SignatureCheck, from peer: String) -> [RevisionRejection] {
        zip(check.revisions, check.verdicts).compactMap { signed, v in
            let r = signed.revision
            let reason: String
            let code: RevisionRejection.Code
            switch v {
            case .valid:
                guard let problem = ChangeSetApplier.schemaProblem(r) else { return nil }
                (code, reason) = (.invalidContent, problem)
            case .unknownAuthor: (code, reason) = (.unknownAuthor, "its author '\(r.author)' is not a trusted peer of this node")
            case .revokedKey: (code, reason) = (.revokedKey, "it is signed with a revoked key of '\(r.author)'")
            case .badSignature: (code, reason) = (.badSignature, "its signature does not verify with \(r.author)'s key (altered or forged)")
            }
            return RevisionRejection(peer: peer, documentID: r.documentID, revisionID: r.revisionID, code: code, reason: reason)
        }
    }

    /// Why a correctly signed revision still cannot be stored (a bad id, or
    /// content that breaks the documented schema), or nil.
    static func schemaProblem(_ r: Revision) -> String? {
        guard DocumentID.isValid(r.documentID) else { return "its document id is not of the form node.suffix" }
        guard !r.tombstone else { return nil }
        do { try DocumentSchema.validate(r.content, kind: r.kind) } catch let e as ValidationError {
            return "its content breaks the \(r.kind.rawValue) schema: \(e.description)"
        } catch { return String(describing: error) }
        return nil
    }

    /// Applies already-verified revisions. Call inside `store.write`, together
    /// with whatever checkpoint accounts for them.
    /// - Throws: `ChangeSetRejected` when the store refuses one (a reused dot).
    public func apply(_ revisions: [SignedRevision], from peer: String, to store: Store, now: UInt64) throws -> ApplyTally {
        var tally = ApplyTally()
        for signed in revisions {
            do {
                switch try store.apply(signed, origin: peer, now: now) {
                case .alreadyHad:
                    tally.alreadyHadIDs.append(signed.revision.revisionID)
                case .obsolete:
                    tally.appliedIDs.append(signed.revision.revisionID)
                case .applied(let conflict):
                    tally.appliedIDs.append(signed.revision.revisionID)
                    if conflict {
                        tally.conflictIDs.append(signed.revision.revisionID)
                    }
                }
            } catch let e as StoreError {
                let r = signed.revision
                let code: RevisionRejection.Code
                if case .dotReused = e { code = .reusedCounter } else { code = .invalidContent }
                throw ChangeSetRejected(rejections: [RevisionRejection(peer: peer, documentID: r.documentID,
                                                                       revisionID: r.revisionID, code: code, reason: e.description)])
            }
        }
        return tally
    }

    /// Verifies, then applies in one transaction (with `alsoInTransaction`,
    /// e.g. saving the pull checkpoint). Nothing is applied if any revision fails.
    ///
    /// A large change-set is verified on another thread while this one
    /// applies it inside the still uncommitted transaction; the transaction
    /// waits for the verdicts and rolls back on any rejection. The outcome is
    /// the one of verifying first (rejections take precedence over a store
    /// error), but verification no longer adds to the time.
    public func verifyAndApply(_ revisions: [SignedRevision], from peer: String, to store: Store, now: UInt64,
                               alsoInTransaction: (ApplyTally) throws -> Void = { _ in }) throws -> ApplyTally {
        // Inside a caller's transaction a rejection could not undo the
        // writes: verify first there (and for small change-sets).
        guard revisions.count >= Self.parallelThreshold, !store.db.isInTransaction else {
            let rejections = verify(revisions, from: peer)
            if !rejections.isEmpty { throw ChangeSetRejected(rejections: rejections) }
            return try store.write { try applyVerified(revisions, from: peer, to: store, now: now, alsoInTransaction) }
        }
        let check = SignatureCheck(revisions, trust: trust)
        // A thread of its own (not a pool's): it always starts, whatever
        // else the process is busy with, so waiting for it cannot starve.
        let background = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            check.work()
            background.signal()
        }
        var finished = false
        /// Helps with what is left, waits for the background worker, and
        /// throws the rejections, if any.
        func finishCheck() throws {
            guard !finished else { return }
            finished = true
            check.work()
            background.wait()
            let rejections = self.rejections(check, from: peer)
            if !rejections.isEmpty { throw ChangeSetRejected(rejections: rejections) }
        }
        do {
            return try store.write {
                let tally = try apply(revisions, from: peer, to: store, now: now)
                try finishCheck()
                return try applyVerified(tally: tally, store: store, alsoInTransaction)
            }
        } catch {
            try finishCheck()   // a rejection wins over the store's error
            throw error
        }
    }

    /// The rest of the transaction once every revision is applied and verified.
    private func applyVerified(tally: ApplyTally, store: Store,
                               _ alsoInTransaction: (ApplyTally) throws -> Void) throws -> ApplyTally {
        try store.moveToNewEpochIfRestored()
        try alsoInTransaction(tally)
        return tally
    }

    private func applyVerified(_ revisions: [SignedRevision], from peer: String, to store: Store, now: UInt64,
                               _ alsoInTransaction: (ApplyTally) throws -> Void) throws -> ApplyTally {
        try applyVerified(tally: try apply(revisions, from: peer, to: store, now: now), store: store, alsoInTransaction)
    }
}
