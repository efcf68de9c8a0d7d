// Fuzz target: a peer file (`<home>/peers/<name>.json`), as TrustStore
// reads it: bytes decoded as UTF-8 with repair, then parsed and checked.
import SyncNode

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? PeerConfig.parse(text, file: "fuzz.json")
    return 0
}
