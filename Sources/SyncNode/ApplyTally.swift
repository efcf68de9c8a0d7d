/// What applying one change-set did, revision by revision; the counts are
/// derived from the lists.
public struct ApplyTally: Sendable, Equatable {
    public var appliedIDs: [String] = []
    public var alreadyHadIDs: [String] = []
    /// The subset of `appliedIDs` now concurrent with another version.
    public var conflictIDs: [String] = []
    /// Revisions recorded as rejected instead of applied (see `ChangeSetApplier`).
    public var rejections: [RevisionRejection] = []
    /// This node's own writes written again under a new epoch, after they
    /// lost a reused dot to the revision every node keeps.
    public var reissuedIDs: [String] = []

    public init() {}

    public var applied: Int { appliedIDs.count }
    public var alreadyHad: Int { alreadyHadIDs.count }
    public var conflicts: Int { conflictIDs.count }
    public var rejected: Int { rejections.count }
    public var received: Int { applied + alreadyHad }
}
