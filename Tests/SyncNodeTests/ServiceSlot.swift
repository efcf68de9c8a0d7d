import HTTPServer
import Synchronization
import SyncNode
import SyncProtocol

/// Lets a test server start on port 0 before the `NodeService` exists: the
/// service needs the public URL, which needs the port. Answers 503 until set.
final class ServiceSlot: HTTPResponder {
    private let service = Mutex<NodeService?>(nil)

    func set(_ s: NodeService) { service.withLock { $0 = s } }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        guard let s = service.withLock({ $0 }) else {
            return HTTPResponse(status: 503, headers: ["Content-Type": "application/json", "Retry-After": "1"],
                                body: Array(#"{"error":{"code":"unavailable","message":"the test node is starting"}}"#.utf8))
        }
        return s.respond(to: request)
    }
}
