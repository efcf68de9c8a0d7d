import Foundation
import HTTPServer
import SyncNode
import SyncProtocol

/// The serving node of the sync benchmark: NodeService for the protocol
/// (set once the port, hence the public URL, is known), plus the floor's
/// JSON Lines files (`/floor.jsonl`, `/floor-b.jsonl`, ...), each streamed
/// from the file of that name in `floorDirectory`.
final class BenchResponder: HTTPResponder {
    let floorDirectory: String
    private let service = ServiceBox()

    init(floorDirectory: String) {
        self.floorDirectory = floorDirectory
    }

    func set(_ s: NodeService) {
        service.set(s)
    }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        let name = String(request.path.dropFirst())
        if name.hasPrefix("floor"), name.hasSuffix(".jsonl"), !name.contains("/"), !name.contains("..") {
            let path = floorDirectory + "/" + name
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
