// Fuzz target: the JSON answers a peer sends a puller or pusher: a changes
// page (with and without the request it answers), a push result, an error
// body and the node description. Invariants: a decoded page re-encodes to
// bytes that decode to the same page; the direct page reader agrees with the
// tree reader on every page it accepts.
import SyncCore
import SyncProtocol

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? WireJSONParser.parse(bytes)
    for request in [nil, ChangesQuery(since: 0, limit: 100, exclude: "birmingham")] {
        // The direct reader accepts only what the tree reader accepts, with the same result.
        if let direct = ChangesPage.decodeDirect(bytes, request: request) {
            guard (try? ChangesPage.decodeThroughTree(bytes, request: request)) == direct else {
                fatalError("the direct page reader accepted a page the tree reader reads otherwise")
            }
        }
    }
    _ = try? ChangesPage.decode(bytes, request: ChangesQuery(since: 0, limit: 100, exclude: "birmingham"))
    if let page = try? ChangesPage.decode(bytes) {
        guard (try? ChangesPage.decode(page.encoded())) == page else {
            fatalError("a decoded page does not survive encode and decode")
        }
    }
    _ = try? PushResult.decode(bytes)
    _ = try? ErrorBody.decode(bytes)
    _ = try? NodeInfo.decode(bytes)
    return 0
}
