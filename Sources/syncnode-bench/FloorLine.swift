import SyncCore

/// One line of the sync floor's JSON Lines file:
/// `{"seq":N,"m":"<base64url canonical bytes>","s":"<base64url signature>"}`.
/// Shipping the canonical bytes lets the receiver verify them as they are
/// and read the fields out of them: the least work a receiver can do.
enum FloorLine {
    static func encode(seq: Int64, signed: SignedRevision) -> [UInt8] {
        let m = Base64URL.encode(CanonicalEncoding.signingBytes(of: signed.revision))
        return Array("{\"seq\":\(seq),\"m\":\"\(m)\",\"s\":\"\(Base64URL.encode(signed.signature))\"}\n".utf8)
    }

    /// The canonical bytes and the signature, or nil for a malformed line.
    static func decode(_ line: ArraySlice<UInt8>) -> (message: [UInt8], signature: [UInt8])? {
        guard let m = member(line, "m"), let s = member(line, "s"),
              let message = Base64URL.decode(String(decoding: m, as: UTF8.self)),
              let signature = Base64URL.decode(String(decoding: s, as: UTF8.self)) else { return nil }
        return (message, signature)
    }

    /// The string value of `"key":"...` (base64url values hold no escapes).
    private static func member(_ line: ArraySlice<UInt8>, _ key: String) -> ArraySlice<UInt8>? {
        let pattern = Array("\"\(key)\":\"".utf8)
        var i = line.startIndex
        while i + pattern.count <= line.endIndex {
            if line[i] == pattern[0] && line[i..<(i + pattern.count)].elementsEqual(pattern) {
                let start = i + pattern.count
                guard let end = line[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return line[start..<end]
            }
            i += 1
        }
        return nil
    }
}
