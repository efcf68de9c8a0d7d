// Fuzz target: the request target of `GET /v1/changes?...` as a client
// sends it (split at `?`, then the query parameters).
import SyncProtocol

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let target = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let (_, query) = ChangesQuery.split(target: target)
    if let parsed = try? ChangesQuery.parse(rawQuery: query) {
        // What we accept we can also write back, and read again the same.
        let (_, again) = ChangesQuery.split(target: parsed.target)
        guard (try? ChangesQuery.parse(rawQuery: again)) == parsed else {
            fatalError("a parsed query does not survive target and parse")
        }
    }
    _ = HTTPRequest.split(target: target)
    return 0
}
