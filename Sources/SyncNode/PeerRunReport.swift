import SyncCore

/// One peer's part of a sync run.
package struct PeerRunReport: Sendable, Equatable {
    package var peer: String
    package var pull: TransferReport?
    package var push: TransferReport?
    /// `ok`, `failed`, or `skipped` (backing off after earlier failures).
    package var status: String
    package var error: String?
    /// Whose fault a failure was: `peer` (unreachable, refused, backing
    /// off: exit 69) or `local` (this node's store or disk: exit 1); nil when ok.
    package var cause: String?
    package var attempts: Int
    /// When the next attempt is due after a failure (ms since 1970).
    package var nextAttempt: UInt64?
    /// Key id of a rotated key of the peer adopted in this run (its key
    /// history proved it): the peer file was rewritten.
    package var keyAdopted: String?

    package var ok: Bool { status == "ok" }

    /// Failed because of this node's own side, not the peer.
    package var failedLocally: Bool { !ok && cause == "local" }

    package var json: JSONValue {
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
