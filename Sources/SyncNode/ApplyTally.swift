/// What applying one change-set did, revision by revision; the counts are
/// derived from the lists.
public struct ApplyTally: Sendable, Equatable {
    public var appliedIDs: [String] = []
    public var alreadyHadIDs: [String] = []
    /// The subset of `appliedIDs` now concurrent with another version.
    public var conflictIDs: [String] = []

    public init() {}

    public var applied: Int { appliedIDs.count }
    public var alreadyHad: Int { alreadyHadIDs.count }
    public var conflicts: Int { conflictIDs.count }
    public var received: Int { applied + alreadyHad }
}
