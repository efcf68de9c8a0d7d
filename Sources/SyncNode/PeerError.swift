import SyncStore

/// A failed exchange with one peer: which peer, and what went wrong, in
/// words an operator can act on.
package struct PeerError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable {
        /// Unreachable, timed out, TLS failure, server error: worth retrying.
        case unavailable
        /// The peer answered, but what it said was refused (bad signature,
        /// malformed page, rejected revisions) or it refused us.
        case rejected
        /// This node's own side failed (its store: disk full, I/O error, a
        /// damaged database page): not the peer's fault, so it neither
        /// counts against the peer nor is retried; the run exits 1.
        case local
    }

    package var peer: String
    package var kind: Kind
    package var message: String
    /// What the transfer did before it failed (pages applied are kept).
    package var partial: TransferReport? = nil
    /// False for an `.unavailable` failure that a retry in the same run
    /// cannot change (certificate, TLS version, pinned key, an answer too
    /// large or malformed, the deadline): attempted once.
    package var retryable = true
    /// The peer's answer did not verify with the key this node trusts for
    /// it: it may have rotated its key (`PeerClient.checkKey` finds out).
    package var signedWithAnotherKey = false

    package var description: String { "peer \(peer): \(message)" }

    /// `error`, which is not a `PeerError`, raised by this node's side of
    /// the exchange with `peer` (its store, its files), saying what to do.
    static func local(peer: String, _ error: any Error) -> PeerError {
        local(peer: peer, advice: localAdvice(error))
    }

    /// A local failure described by `advice` (what failed, what to do).
    static func local(peer: String, advice: String) -> PeerError {
        PeerError(peer: peer, kind: .local, message: "this node failed, not the peer: " + advice)
    }

    /// What a local error means and what the operator should do about it.
    static func localAdvice(_ error: any Error) -> String {
        if let failure = StoreFailure(error) {
            let kept = failure.kind == .full || failure.kind == .ioError
            return StoreAdvice.sentence(failure) + (kept ? "; pages already pulled are kept" : "")
        }
        switch error {
        case let e as StoreError:
            return e.description
        default:
            return "\(error)"
        }
    }
}
