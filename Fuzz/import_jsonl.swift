// Fuzz target: the jsonl importer (`syncnode import file.jsonl`), after the
// UTF-8 check RecordReader makes on the file's bytes.
@testable import SyncNode

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard RecordReader.firstInvalidUTF8(bytes) == nil else { return 0 }
    _ = try? RecordReader.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.jsonl")
    return 0
}
