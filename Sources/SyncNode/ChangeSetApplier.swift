import Dispatch
import Synchronization
import SyncCore
import SyncStore

/// Verifies and applies a change-set: every revision's signature is checked
/// against its author's trusted key (on both cores), and only if all pass
/// are they applied, in one transaction, through the store's apply path.
/// Pull (a page) and push (a body) both come through here.
public struct ChangeSetApplier {
    public let trust: TrustStore

    public init(trust: TrustStore) {
        self.trust = trust
    }

    /// The rejections (empty when every revision verifies).
    public func verify(_ revisions: [SignedRevision], from peer: String) -> [RevisionRejection] {
        let verdicts = Mutex([TrustStore.Verdict](repeating: .valid, count: revisions.count))
        let workers = revisions.count >= 64 ? 2 : 1
        let trust = self.trust
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var local: [(Int, TrustStore.Verdict)] = []
            var i = w
            while i < revisions.count {
                let v = trust.verify(revisions[i])
                if v != .valid { local.append((i, v)) }
                i += workers
            }
            verdicts.withLock { all in for (i, v) in local { all[i] = v } }
        }
        return verdicts.withLock { all in
            all.enumerated().compactMap { i, v in
                let r = revisions[i].revision
                let reason: String
                switch v {
                case .valid:
                    guard let problem = ChangeSetApplier.schemaProblem(r) else { return nil }
                    reason = problem
                case .unknownAuthor: reason = "its author '\(r.author)' is not a trusted peer of this node"
                case .revokedKey: reason = "it is signed with a revoked key of '\(r.author)'"
                case .badSignature: reason = "its signature does not verify with \(r.author)'s key (altered or forged)"
                }
                return RevisionRejection(peer: peer, documentID: r.documentID, revisionID: r.revisionID, reason: reason)
            }
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
            tally.received += 1
            do {
                switch try store.apply(signed, origin: peer, now: now) {
                case .alreadyHad:
                    tally.alreadyHad += 1
                    tally.alreadyHadIDs.append(signed.revision.revisionID)
                case .obsolete:
                    tally.applied += 1
                    tally.appliedIDs.append(signed.revision.revisionID)
                case .applied(let conflict):
                    tally.applied += 1
                    tally.appliedIDs.append(signed.revision.revisionID)
                    if conflict {
                        tally.conflicts += 1
                        tally.conflictIDs.append(signed.revision.revisionID)
                    }
                }
            } catch let e as StoreError {
                let r = signed.revision
                throw ChangeSetRejected(rejections: [RevisionRejection(peer: peer, documentID: r.documentID,
                                                                       revisionID: r.revisionID, reason: e.description)])
            }
        }
        return tally
    }

    /// Verifies, then applies in one transaction (with `alsoInTransaction`,
    /// e.g. saving the pull checkpoint). Nothing is applied if any revision fails.
    public func verifyAndApply(_ revisions: [SignedRevision], from peer: String, to store: Store, now: UInt64,
                               alsoInTransaction: (ApplyTally) throws -> Void = { _ in }) throws -> ApplyTally {
        let rejections = verify(revisions, from: peer)
        if !rejections.isEmpty { throw ChangeSetRejected(rejections: rejections) }
        return try store.write {
            let tally = try apply(revisions, from: peer, to: store, now: now)
            try store.moveToNewEpochIfRestored()
            try alsoInTransaction(tally)
            return tally
        }
    }
}
