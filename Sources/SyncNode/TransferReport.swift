import Foundation
import SyncCore

/// What one pull or push with one peer did (`--json` field names are a contract).
public struct TransferReport: Sendable, Equatable {
    public var peer: String
    /// `pull` or `push`.
    public var direction: String
    public var received = 0
    public var applied = 0
    public var alreadyHad = 0
    public var conflicts = 0
    public var rejected = 0
    /// This node's own writes written again under a new epoch (see `ApplyTally.reissuedIDs`).
    public var reissued = 0
    public var bytes = 0
    public var pages = 0
    public var seconds = 0.0
    public var error: String?
    /// True when this pull found that the node had been restored from a
    /// backup (the peer holds writes of ours the store had lost).
    public var restoreDetected = false
    /// What went through but deserves the operator's eye (revisions a peer refused).
    public var warnings: [String] = []
    /// A pull's place in the peer's change log, for its progress line (not
    /// in `json`): where it started, how far it got (the last page's
    /// `next`), and the peer's head when the peer said it (nil otherwise).
    public var startSeq: UInt64 = 0
    public var seq: UInt64 = 0
    public var peerHeadSeq: UInt64?

    public init(peer: String, direction: String) {
        self.peer = peer
        self.direction = direction
    }

    public var ok: Bool { error == nil }

    public var json: JSONValue {
        .object([
            "peer": .string(peer), "direction": .string(direction), "ok": .bool(ok),
            "received": .double(Double(received)), "applied": .double(Double(applied)),
            "already_had": .double(Double(alreadyHad)), "conflicts": .double(Double(conflicts)),
            "rejected": .double(Double(rejected)), "bytes": .double(Double(bytes)), "pages": .double(Double(pages)),
            "seconds": .double((seconds * 1000).rounded() / 1000), "error": error.map { .string($0) } ?? .null,
            "restore_detected": .bool(restoreDetected), "reissued": .double(Double(reissued)),
            "warnings": .array(warnings.map { .string($0) }),
        ])
    }

    /// `error` carrying this report (with its bytes and time so far) as what
    /// the transfer did before it failed.
    func failing(_ error: PeerError, bytes: Int, since started: Date) -> PeerError {
        var report = self
        report.bytes = bytes
        report.seconds = Date().timeIntervalSince(started)
        report.error = error.message
        var e = error
        e.partial = report
        return e
    }

    mutating func add(_ t: ApplyTally) {
        received += t.received
        applied += t.applied
        alreadyHad += t.alreadyHad
        conflicts += t.conflicts
        rejected += t.rejected
        reissued += t.reissuedIDs.count
    }
}
