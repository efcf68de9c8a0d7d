import SyncProtocol

/// Turns a request into a response. Called synchronously on a server worker
/// thread, concurrently for different connections, hence `Sendable`.
///
/// It must not call `HTTPServer.stop()` (stop waits for the workers).
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) -> HTTPResponse
}
