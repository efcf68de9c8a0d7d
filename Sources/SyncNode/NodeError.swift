/// Errors of the node layer. Each has an exit-code class so the CLI can map
/// it to the documented exit codes, and a message saying what to do next.
public struct NodeError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// Bad input: a record, a flag value, a file (exit 65).
        case data
        /// Something named does not exist: a document, a peer, a home (exit 66).
        case notFound
        /// Refusing to overwrite or create (exit 73).
        case cannotCreate
        /// Another run holds the lock (exit 75).
        case busy
        /// A peer is unreachable or failed (exit 69).
        case unavailable
        /// Anything else (exit 1).
        case failure
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
