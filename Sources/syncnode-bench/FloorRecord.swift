import SyncCrypto

/// One record of floor B's input: an article's nine texts, each a 4-byte
/// big-endian length and its UTF-8 bytes (`message`), and the Ed25519
/// signature of exactly those bytes, as gen_data.py signs the exact bytes
/// of each unsigned line. On disk: a 4-byte length, the message, then the
/// 64 signature bytes. Lengths instead of JSON: the floor finds the fields
/// without parsing anything (floor_insert.c parses each line twice).
struct FloorRecord: Sendable {
    static let signatureLength = 64

    let message: [UInt8]
    let signature: [UInt8]

    init(message: [UInt8], signature: [UInt8]) {
        self.message = message
        self.signature = signature
    }

    /// `article` signed by `key` (setup: not measured).
    init(signing article: FloorArticle, with key: Ed25519PrivateKey) throws {
        var message: [UInt8] = []
        for text in article.columns {
            Self.appendLength(text.utf8.count, to: &message)
            message += text.utf8
        }
        self.init(message: message, signature: try key.sign(message))
    }

    /// The record as it is stored in the file.
    var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4 + message.count + signature.count)
        Self.appendLength(message.count, to: &out)
        return out + message + signature
    }

    /// The article the message holds; nil when it does not hold nine texts.
    func article() -> FloorArticle? {
        var texts: [String] = []
        texts.reserveCapacity(9)
        var at = 0
        while at < message.count {
            guard let n = Self.length(message, at: at), at + 4 + n <= message.count else { return nil }
            texts.append(String(decoding: message[(at + 4)..<(at + 4 + n)], as: UTF8.self))
            at += 4 + n
        }
        guard texts.count == 9 else { return nil }
        return FloorArticle(id: texts[0], title: texts[1], summary: texts[2], body: texts[3], category: texts[4],
                            tags: texts[5], city: texts[6], date: texts[7], url: texts[8])
    }

    static func appendLength(_ n: Int, to out: inout [UInt8]) {
        out += [UInt8(truncatingIfNeeded: n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8),
                UInt8(truncatingIfNeeded: n)]
    }

    /// The 4-byte big-endian length at `offset`, or nil past the end.
    static func length(_ bytes: [UInt8], at offset: Int) -> Int? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
    }
}
