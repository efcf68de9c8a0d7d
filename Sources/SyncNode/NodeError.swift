import SyncCore
import SyncStore

/// Errors of the node layer. Each has an exit-code class so the CLI can map
/// it to the documented exit codes, and a message saying what to do next.
package struct NodeError: Error, CustomStringConvertible, Sendable {
    package enum Kind: Sendable {
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

    package var kind: Kind
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }

    /// Any error from the node's layers, as the node's own: store and
    /// SQLite failures (as `StoreFailure`) are classified here, so that the CLI needs to know
    /// neither module.
    package static func wrapping(_ error: any Error) -> NodeError {
        if let failure = StoreFailure(error) {
            return NodeError(failure.kind == .busy ? .busy : .failure, StoreAdvice.sentence(failure))
        }
        switch error {
        case let e as NodeError: return e
        case let e as ImportError: return NodeError(.data, e.description)
        case let e as ValidationError: return NodeError(.data, e.description)
        case let e as StoreError:
            switch e {
            case .notInitialised, .notFound: return NodeError(.notFound, e.description)
            case .invalid, .dotReused, .kindMismatch: return NodeError(.data, e.description)
            default: return NodeError(.failure, e.description)
            }
        default:
            return NodeError(.failure, String(describing: error))
        }
    }
}
