/// Counts of what applying revisions did, summed over pages and peers.
public struct ApplyTally: Sendable, Equatable {
    public var received = 0
    public var applied = 0
    public var alreadyHad = 0
    public var conflicts = 0
    public var appliedIDs: [String] = []
    public var alreadyHadIDs: [String] = []
    public var conflictIDs: [String] = []

    public init() {}

    public mutating func add(_ other: ApplyTally) {
        received += other.received
        applied += other.applied
        alreadyHad += other.alreadyHad
        conflicts += other.conflicts
    }
}
