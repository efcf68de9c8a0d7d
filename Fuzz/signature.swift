// Fuzz target: the RFC 9421 / RFC 8941 header fields of a signed message.
// Input: line 1 Signature-Input, line 2 Signature, line 3 Content-Digest,
// the rest the body. Each line goes through the structured-field parser
// and the digest parser, then all of them through the verifier (all but
// the Ed25519 check) at the time of the docs/protocol.md test vector.
// Invariant: a parsed dictionary survives serialize and parse.
@testable import SyncCore
import SyncProtocol

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parts = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 3, omittingEmptySubsequences: false)
    let lines = parts.prefix(3).map { String(decoding: $0, as: UTF8.self) }
    let body = parts.count > 3 ? Array(parts[3]) : []
    for line in lines {
        // What parses serializes to text that parses to the same dictionary:
        // the signature base is built from the serialized parameters.
        if let dictionary = try? StructuredFieldParser.parseDictionary(line),
           (try? StructuredFieldParser.parseDictionary(dictionary.serialized())) != dictionary {
            fatalError("a parsed dictionary does not survive serialize and parse")
        }
        _ = try? ContentDigest.parse(line)
    }
    var headers = HTTPHeaders()
    let names = ["Signature-Input", "Signature", ContentDigest.headerName]
    for (name, value) in zip(names, lines) { headers.add(name: name, value: value) }
    let verifier = HTTPSignatureVerifier(profile: .request, sha256: { PortableSHA256.digest($0) })
    let message = HTTPSignatureMessage.request(method: "POST", targetURI: "https://singapore.example:8443/v1/changesets",
                                               headers: headers)
    _ = try? verifier.prepare(message, body: body, now: 1_767_225_600)
    let response = HTTPSignatureMessage.response(status: 200, headers: headers, request: message.request!)
    _ = try? HTTPSignatureVerifier(profile: .response, sha256: { PortableSHA256.digest($0) })
        .prepare(response, body: body, now: 1_767_225_601)
    return 0
}
