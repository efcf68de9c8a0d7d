import SyncCore

/// One peer's part of a sync run.
public struct PeerRunReport: Sendable, Equatable {
    public var peer: String
    public var pull: TransferReport?
    public var push: TransferReport?
    /// `ok`, `failed`, or `skipped` (backing off after earlier failures).
    public var status: String
    public var error: String?
    /// Whose fault a failure was: `peer` (unreachable, refused, backing
    /// off: exit 69) or `local` (this node's store or disk: exit 1); nil when ok.
    public var cause: String?
    public var attempts: Int
    /// When the next attempt is due after a failure (ms since 1970).
    public var nextAttempt: UInt64?
    /// Key id of a rotated key of the peer adopted in this run (its key
    /// history proved it): the peer file was rewritten.
    public var keyAdopted: String?

    public var ok: Bool { status == "ok" }

    /// Failed because of this node's own side, not the peer.
    public var failedLocally: Bool { !ok && cause == "local" }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "peer": .string(peer), "status": .string(status), "ok": .bool(ok),
            "error": error.map { .string($0) } ?? .null, "cause": cause.map { .string($0) } ?? .null, "attempts": .double(Double(attempts)),
            "next_attempt": nextAttempt.map { .string(WallClock.iso8601($0)) } ?? .null,
            "pull": pull?.json ?? .null, "push": push?.json ?? .null,
        ]
        if let keyAdopted { members["key_adopted"] = .string(keyAdopted) }
        return .object(members)
    }
}
