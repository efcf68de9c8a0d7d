import SyncCore

/// Reads a revision back from its canonical signing bytes (the layout in
/// `CanonicalEncoding`). The floor of the sync benchmark ships these bytes
/// and their signature, so that its receiver does the least work possible:
/// verify the exact bytes, then read the fields out of them.
struct CanonicalReader {
    private let bytes: [UInt8]
    private var at = 0

    struct Malformed: Error, CustomStringConvertible {
        let offset: Int
        var description: String { "malformed canonical revision bytes at offset \(offset)" }
    }

    static func revision(from bytes: [UInt8]) throws -> Revision {
        var r = CanonicalReader(bytes: bytes)
        return try r.read()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func read() throws -> Revision {
        guard try string() == CanonicalEncoding.domain, try u8() == CanonicalEncoding.formatVersion else {
            throw Malformed(offset: at)
        }
        let documentID = try string()
        guard let kind = DocumentKind(rawValue: try string()) else { throw Malformed(offset: at) }
        let dot = Dot(actor: try string(), counter: try u64())
        var context: [String: UInt64] = [:]
        for _ in 0..<(try u32()) { context[try string()] = try u64() }
        let author = try string()
        let timestamp = HybridTimestamp(millis: try u64(), logical: UInt32(try u32()))
        let tombstone = try u8() == 1
        var content = Content()
        for _ in 0..<(try u32()) {
            let key = try string()
            switch try u8() {
            case CanonicalEncoding.textTag: content[key] = .text(try string())
            case CanonicalEncoding.listTag: content[key] = .list(try (0..<(try u32())).map { _ in try string() })
            default: throw Malformed(offset: at)
            }
        }
        guard at == bytes.count else { throw Malformed(offset: at) }
        return Revision(documentID: documentID, kind: kind, dot: dot, context: VersionVector(context), author: author,
                        timestamp: timestamp, tombstone: tombstone, content: content)
    }

    private mutating func u8() throws -> UInt8 {
        guard at < bytes.count else { throw Malformed(offset: at) }
        defer { at += 1 }
        return bytes[at]
    }

    private mutating func u32() throws -> Int {
        guard at + 4 <= bytes.count else { throw Malformed(offset: at) }
        var v = 0
        for i in 0..<4 { v = v << 8 | Int(bytes[at + i]) }
        at += 4
        return v
    }

    private mutating func u64() throws -> UInt64 {
        guard at + 8 <= bytes.count else { throw Malformed(offset: at) }
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(bytes[at + i]) }
        at += 8
        return v
    }

    private mutating func string() throws -> String {
        let n = try u32()
        guard at + n <= bytes.count else { throw Malformed(offset: at) }
        defer { at += n }
        return String(decoding: bytes[at..<(at + n)], as: UTF8.self)
    }
}
