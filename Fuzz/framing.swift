// Fuzz target: the server's request-smuggling check. Input: header lines
// `Name: value`, as libmicrohttpd hands them over after parsing the head.
@testable import HTTPServer
import SyncProtocol

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var fields: [HTTPHeaders.Field] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields.append(.init(name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
    }
    let maxBody = 16 * 1024 * 1024
    if case .acceptable(let length?) = FramingCheck.verdict(fields, maxBodyBytes: maxBody), length > UInt64(maxBody) {
        fatalError("accepted a declared length over the limit")
    }
    return 0
}
