/// A failed exchange with one peer: which peer, and what went wrong, in
/// words an operator can act on.
public struct PeerError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Unreachable, timed out, TLS failure, server error: worth retrying.
        case unavailable
        /// The peer answered, but what it said was refused (bad signature,
        /// malformed page, rejected revisions) or it refused us.
        case rejected
    }

    public var peer: String
    public var kind: Kind
    public var message: String
    /// What the transfer did before it failed (pages applied are kept).
    public var partial: TransferReport? = nil

    public var description: String { "peer \(peer): \(message)" }
}
