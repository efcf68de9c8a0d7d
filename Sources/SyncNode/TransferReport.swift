import FoundationEssentials
import SyncCore

/// What one pull or push with one peer did (`--json` field names are a contract).
package struct TransferReport: Sendable, Equatable {
    package var peer: String
    /// `pull` or `push`.
    package var direction: String
    package var received = 0
    package var applied = 0
    package var alreadyHad = 0
    package var conflicts = 0
    package var rejected = 0
    /// This node's own writes written again under a new epoch (see `ApplyTally.reissuedIDs`).
    package var reissued = 0
    package var bytes = 0
    package var pages = 0
    package var seconds = 0.0
    package var error: String?
    /// True when this pull found that the node had been restored from a
    /// backup (the peer holds writes of ours the store had lost).
    package var restoreDetected = false
    /// What went through but deserves the operator's eye (revisions a peer refused).
    package var warnings: [String] = []
    /// A pull's place in the peer's change log, for its progress line (not
    /// in `json`): where it started, how far it got (the last page's
    /// `next`), and the peer's head when the peer said it (nil otherwise).
    package var startSeq: UInt64 = 0
    package var seq: UInt64 = 0
    package var peerHeadSeq: UInt64?

    package init(peer: String, direction: String) {
        self.peer = peer
        self.direction = direction
    }

    package var ok: Bool { error == nil }

    package var json: JSONValue {
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
