import Synchronization
import HTTPServer
import SyncProtocol

/// Lets the server start (and learn its port) before the service that
/// needs the resulting URL exists; answers 503 until then.
final class ServiceBox: HTTPResponder {
    private let service = Mutex<NodeService?>(nil)

    func set(_ s: NodeService) { service.withLock { $0 = s } }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        guard let s = service.withLock({ $0 }) else {
            return HTTPResponse(status: 503, headers: ["Content-Type": "application/json", "Retry-After": "1"],
                                body: Array(#"{"error":{"code":"unavailable","message":"the node is starting"}}"#.utf8))
        }
        return s.respond(to: request)
    }
}
