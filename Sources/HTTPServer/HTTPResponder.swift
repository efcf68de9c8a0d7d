import SyncProtocol

/// Turns a request into a response. Called synchronously on a server worker
/// thread, concurrently for different connections, hence `Sendable`.
///
/// It must not call `HTTPServer.stop()` (stop waits for the workers).
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) -> HTTPResponse
    func refusal(_ refusal: HTTPRefusal, to request: HTTPRequest) -> HTTPResponse?
}

extension HTTPResponder {
    /// The answer to a request the server refused before reading its body
    /// (the request has headers but no body). Nil, the default, sends the
    /// server's fixed plain-text refusal.
    public func refusal(_ refusal: HTTPRefusal, to request: HTTPRequest) -> HTTPResponse? { nil }
}
