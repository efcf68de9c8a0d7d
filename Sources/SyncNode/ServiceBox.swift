import Synchronization
import HTTPServer
import SyncProtocol

/// Lets a server start on port 0 (and learn its port) before the service
/// that needs the resulting public URL exists; answers 503 until then.
/// Used by `serve`, the tests and the benchmark.
package final class ServiceBox: HTTPResponder {
    private let service = Mutex<(any HTTPResponder)?>(nil)

    package init() {}

    package func set(_ s: any HTTPResponder) { service.withLock { $0 = s } }

    package func respond(to request: HTTPRequest) -> HTTPResponse {
        guard let s = service.withLock({ $0 }) else {
            return HTTPResponse(status: 503, headers: ["Content-Type": "application/json", "Retry-After": "1"],
                                body: Array(#"{"error":{"code":"unavailable","message":"the node is starting"}}"#.utf8))
        }
        return s.respond(to: request)
    }

    /// The node's signed JSON error, once the service exists.
    package func refuse(_ refusal: HTTPRefusal) -> HTTPResponse {
        service.withLock({ $0 })?.refuse(refusal) ?? refusal.jsonResponse
    }
}
