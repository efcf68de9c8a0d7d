import SyncCore

/// Reads the one PEM form an Ed25519 node key almost always has, without
/// OpenSSL's decoder: an unencrypted PKCS#8 v1 `PrivateKeyInfo` (RFC 8410,
/// section 7), as `pemPKCS8()` and `openssl genpkey -algorithm ed25519`
/// write it. OpenSSL 3 builds its chain of decoders on the first PEM read of
/// a process, about 1.2 ms, and every `pull`, `push` and `sync` reads the
/// node key once. Anything else (a v2 key carrying its public key, other
/// blocks in the file, headers, any other DER) is left to OpenSSL, which
/// reads or refuses it as before: this accepts only text whose DER is
/// byte for byte the fixed 16-byte prefix and a 32-byte seed, and OpenSSL
/// reads such text to the same seed (tested).
enum Ed25519PKCS8 {
    /// SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }
    static let prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let begin = "-----BEGIN PRIVATE KEY-----"
    static let end = "-----END PRIVATE KEY-----"

    /// The seed, or nil when `pem` is not exactly one such block (with
    /// nothing but blank lines around it).
    static func seed(fromPEM pem: String) -> [UInt8]? {
        // "\r\n" is one Character: both line ends split here.
        var lines = pem.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        while lines.last?.isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        guard lines.count >= 3, lines.first == Substring(begin), lines.last == Substring(end) else { return nil }
        let body = lines.dropFirst().dropLast().joined()
        guard let der = Base64URL.decodeStandard(body), der.count == prefix.count + 32,
              der.starts(with: prefix) else { return nil }
        return Array(der.suffix(32))
    }
}
