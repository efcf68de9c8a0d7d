/// What applying one change-set did, revision by revision; the counts are
/// derived from the lists.
package struct ApplyTally: Sendable, Equatable {
    package var appliedIDs: [String] = []
    package var alreadyHadIDs: [String] = []
    /// The subset of `appliedIDs` now concurrent with another version.
    package var conflictIDs: [String] = []
    /// Revisions recorded as rejected instead of applied (see `ChangeSetApplier`).
    package var rejections: [RevisionRejection] = []
    /// This node's own writes written again under a new epoch, after they
    /// lost a reused dot to the revision every node keeps.
    package var reissuedIDs: [String] = []

    package init() {}

    package var applied: Int { appliedIDs.count }
    package var alreadyHad: Int { alreadyHadIDs.count }
    package var conflicts: Int { conflictIDs.count }
    package var rejected: Int { rejections.count }
    package var received: Int { applied + alreadyHad }
}
