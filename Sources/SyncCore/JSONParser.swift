/// A strict JSON parser (RFC 8259) that records the line where each value
/// starts, so that import errors can name the line of a bad record.
public struct JSONParser {
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStart = 0
    /// Nesting limit: deeper input is refused rather than overflowing the stack.
    public static let maxDepth = 64

    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses one complete document.
    public static func parse(_ text: String) throws -> JSONValue {
        var p = JSONParser(text)
        return try p.parseDocument()
    }

    /// Parses a document whose top level is an array, returning each element
    /// with the line it starts on (a single object comes back as one element).
    public static func parseRecords(_ text: String) throws -> [(value: JSONValue, line: Int)] {
        var p = JSONParser(text)
        p.skipWhitespace()
        if p.peek() == UInt8(ascii: "[") {
            p.i += 1
            var out: [(JSONValue, Int)] = []
            p.skipWhitespace()
            if p.peek() == UInt8(ascii: "]") { p.i += 1 } else {
                while true {
                    p.skipWhitespace()
                    let line = p.line
                    out.append((try p.parseValue(depth: 1), line))
                    p.skipWhitespace()
                    guard let c = p.next() else { throw p.error("unterminated array") }
                    if c == UInt8(ascii: "]") { break }
                    if c != UInt8(ascii: ",") { throw p.error("expected ',' or ']' between records") }
                }
            }
            p.skipWhitespace()
            if p.i != p.bytes.count { throw p.error("unexpected text after the end of the JSON document") }
            return out
        }
        let line = p.line
        let v = try p.parseDocument()
        return [(v, line)]
    }

    mutating func parseDocument() throws -> JSONValue {
        skipWhitespace()
        let v = try parseValue(depth: 0)
        skipWhitespace()
        if i != bytes.count { throw error("unexpected text after the end of the JSON document") }
        return v
    }

    func error(_ reason: String) -> JSONParseError {
        JSONParseError(line: line, column: i - lineStart + 1, reason: reason)
    }

    func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func next() -> UInt8? {
        guard i < bytes.count else { return nil }
        defer { i += 1 }
        return bytes[i]
    }

    mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D: i += 1
            case 0x0A: i += 1; line += 1; lineStart = i
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth <= JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
        guard let c = peek() else { throw error("unexpected end of input") }
        switch c {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character '\(Character(Unicode.Scalar(c)))'")
        }
    }

    mutating func literal(_ word: String) throws {
        for b in word.utf8 {
            guard next() == b else { throw error("invalid literal (expected \(word))") }
        }
    }

    mutating func parseObject(depth: Int) throws -> JSONValue {
        i += 1
        var o: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { i += 1; return .object(o) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
            let key = try parseString()
            skipWhitespace()
            guard next() == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
            skipWhitespace()
            if o[key] != nil { throw error("duplicate key \"\(key)\"") }
            o[key] = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard let c = next() else { throw error("unterminated object") }
            if c == UInt8(ascii: "}") { return .object(o) }
            if c != UInt8(ascii: ",") { throw error("expected ',' or '}' in object") }
        }
    }

    mutating func parseArray(depth: Int) throws -> JSONValue {
        i += 1
        var a: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { i += 1; return .array(a) }
        while true {
            skipWhitespace()
            a.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard let c = next() else { throw error("unterminated array") }
            if c == UInt8(ascii: "]") { return .array(a) }
            if c != UInt8(ascii: ",") { throw error("expected ',' or ']' in array") }
        }
    }

    mutating func parseNumber() throws -> JSONValue {
        let start = i
        if peek() == UInt8(ascii: "-") { i += 1 }
        while let c = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: ".")
                || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
            i += 1
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        guard let d = Double(text), d.isFinite else { throw error("invalid number '\(text)'") }
        return .number(d)
    }

    mutating func parseString() throws -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            guard let c = next() else { throw error("unterminated string") }
            switch c {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let e = next() else { throw error("unterminated escape") }
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u") else {
                            throw error("lone high surrogate in \\u escape")
                        }
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
                }
            case 0x00..<0x20:
                throw error("control character in string (escape newlines as \\n)")
            default:
                out.append(c)
            }
        }
    }

    mutating func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let c = next() else { throw error("short \\u escape") }
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v * 16 + d
        }
        return v
    }
}
