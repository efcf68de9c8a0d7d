import SyncProtocol

/// Turns a request into a response. Called synchronously on a server worker
/// thread, concurrently for different connections, hence `Sendable`.
///
/// It must not call `HTTPServer.stop()` (stop waits for the workers).
package protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) -> HTTPResponse
    /// Renders a refusal of the framing layer (see `HTTPRefusal`); the
    /// default is the protocol's JSON error body, unsigned. Must be quick:
    /// it runs before the connection is closed.
    func refuse(_ refusal: HTTPRefusal) -> HTTPResponse
}

extension HTTPResponder {
    package func refuse(_ refusal: HTTPRefusal) -> HTTPResponse { refusal.jsonResponse }
}
