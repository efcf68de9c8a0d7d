import Foundation
import HTTPServer
import SyncNode
import SyncProtocol

/// The serving node of the sync benchmark: NodeService for the protocol
/// (set once the port, hence the public URL, is known), plus the floor's
/// JSON Lines file at `/floor.jsonl`, streamed from disk.
final class BenchResponder: HTTPResponder {
    let floorFile: String
    private let service = ServiceBox()

    init(floorFile: String) {
        self.floorFile = floorFile
    }

    func set(_ s: NodeService) {
        service.set(s)
    }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        if request.path == "/floor.jsonl" {
            let path = floorFile
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            return .stream(headers: ["Content-Type": "application/jsonl"], length: size) {
                guard let handle = FileHandle(forReadingAtPath: path) else {
                    throw BenchError("cannot open \(path)")
                }
                return {
                    let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                    return chunk.isEmpty ? nil : [UInt8](chunk)
                }
            }
        }
        return service.respond(to: request)
    }
}
