import SyncProtocol

/// Adapts a closure to `HTTPResponder`.
package struct HTTPClosureResponder: HTTPResponder {
    let body: @Sendable (HTTPRequest) -> HTTPResponse

    package init(_ body: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.body = body
    }

    package func respond(to request: HTTPRequest) -> HTTPResponse { body(request) }
}
