/// A strict RFC 8259 JSON parser, for messages from peers and for files a
/// person imports.
///
/// Strict where laxness would let two nodes read one message differently:
/// duplicate object keys, invalid UTF-8, lone surrogates, a byte-order mark,
/// and trailing bytes are errors. Nesting is bounded. Errors carry the byte
/// offset, line and column.
package struct JSONParser {
    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0
    private let maxDepth: Int
    /// Where `lineNumber(at:)` stopped counting: a record array's elements
    /// come in increasing offsets, so each newline is counted once.
    private var countedTo = 0
    private var countedLines = 1

    /// Parses one complete JSON document.
    /// - Throws: `JSONParseError`.
    package static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        var p = JSONParser(bytes: bytes, maxDepth: maxDepth)
        p.skipWhitespace()
        let value = try p.parseValue()
        p.skipWhitespace()
        guard p.i == bytes.count else { throw p.error("unexpected \(p.describeCurrent()) after the JSON value") }
        return value
    }

    package static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Parses a file of records: a top-level array gives each element with
    /// the line it starts on; a single value comes back as one element.
    package static func parseRecords(_ text: String) throws(JSONParseError) -> [(value: JSONValue, line: Int)] {
        var p = JSONParser(bytes: Array(text.utf8), maxDepth: 64)
        p.skipWhitespace()
        guard p.i < p.bytes.count, p.bytes[p.i] == UInt8(ascii: "[") else {
            let line = p.lineNumber(at: p.i)
            return [(try parse(Array(text.utf8)), line)]
        }
        p.i += 1
        var out: [(JSONValue, Int)] = []
        p.skipWhitespace()
        if p.i < p.bytes.count, p.bytes[p.i] == UInt8(ascii: "]") {
            p.i += 1
        } else {
            while true {
                p.skipWhitespace()
                let line = p.lineNumber(at: p.i)
                out.append((try p.parseValue(), line))
                p.skipWhitespace()
                guard p.i < p.bytes.count else { throw p.error("expected ',' or ']', got end of input") }
                if p.bytes[p.i] == UInt8(ascii: ",") { p.i += 1; continue }
                if p.bytes[p.i] == UInt8(ascii: "]") { p.i += 1; break }
                throw p.error("expected ',' or ']', got \(p.describeCurrent())")
            }
        }
        p.skipWhitespace()
        guard p.i == p.bytes.count else { throw p.error("unexpected \(p.describeCurrent()) after the JSON value") }
        return out
    }

    private init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// The 1-based line of `offset`, counted on from the last `lineNumber(at:)`
    /// when `offset` is past it (from the start otherwise).
    private func line(at offset: Int) -> Int {
        let end = min(offset, bytes.count)
        let (from, base) = end >= countedTo ? (countedTo, countedLines) : (0, 1)
        var n = base
        for b in bytes[from..<end] where b == 0x0A { n += 1 }
        return n
    }

    /// `line(at:)` that remembers where it stopped, so that numbering every
    /// element of a large array stays linear instead of rescanning from byte 0.
    private mutating func lineNumber(at offset: Int) -> Int {
        let n = line(at: offset)
        (countedTo, countedLines) = (min(offset, bytes.count), n)
        return n
    }

    private func error(_ message: String) -> JSONParseError {
        let line = line(at: i)
        let lineStart = bytes[..<min(i, bytes.count)].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        return JSONParseError(offset: i, line: line, column: i - lineStart + 1, reason: message)
    }

    private func describeCurrent() -> String {
        guard i < bytes.count else { return "end of input" }
        let c = bytes[i]
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x" + String(c, radix: 16, uppercase: false)
    }

    private mutating func skipWhitespace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard i < bytes.count else { throw error("expected a value, got end of input") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("expected a value, got \(describeCurrent())")
        }
    }

    private mutating func literal(_ word: String) throws(JSONParseError) {
        for c in word.utf8 {
            guard i < bytes.count, bytes[i] == c else { throw error("invalid literal, expected '\(word)'") }
            i += 1
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        i += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                throw error("expected a string key, got \(describeCurrent())")
            }
            let keyStart = i
            let key = try parseString()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw error("expected ':' after object key, got \(describeCurrent())")
            }
            i += 1
            skipWhitespace()
            let value = try parseValue()
            guard members.updateValue(value, forKey: key) == nil else {
                i = keyStart
                throw error("duplicate object key \"\(key)\"")
            }
            skipWhitespace()
            guard i < bytes.count else { throw error("expected ',' or '}', got end of input") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; break }
            throw error("expected ',' or '}', got \(describeCurrent())")
        }
        depth -= 1
        return .object(members)
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        i += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard i < bytes.count else { throw error("expected ',' or ']', got end of input") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; break }
            throw error("expected ',' or ']', got \(describeCurrent())")
        }
        depth -= 1
        return .array(items)
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = i
        func digits(_ p: inout JSONParser) -> Int {
            let s = p.i
            while p.i < p.bytes.count, p.bytes[p.i] >= UInt8(ascii: "0"), p.bytes[p.i] <= UInt8(ascii: "9") { p.i += 1 }
            return p.i - s
        }
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") else {
            throw error("expected a digit in number")
        }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                throw error("leading zero in number")
            }
        } else {
            _ = digits(&self)
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits(&self) > 0 else { throw error("expected a digit after '.' in number") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits(&self) > 0 else { throw error("expected a digit in number exponent") }
        }
        return .number(String(decoding: bytes[start..<i], as: UTF8.self))
    }

    /// The offset of the first quote, backslash or control character at or
    /// after `from`, or `bytes.count`: where a plain run of a string ends.
    private static func endOfPlainRun(_ bytes: [UInt8], from: Int) -> Int {
        bytes.withUnsafeBytes { $0.endOfPlainJSONRun(from: from) }
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        i += 1 // opening quote
        let start = i
        // Fast path: no escapes.
        i = Self.endOfPlainRun(bytes, from: i)
        guard i < bytes.count else { throw error("unterminated string") }
        if bytes[i] == UInt8(ascii: "\"") {
            guard let s = String(validating: bytes[start..<i], as: UTF8.self) else {
                i = start
                throw error("string is not valid UTF-8")
            }
            i += 1
            return s
        }
        // Slow path: decode escapes into a byte buffer, plain runs copied
        // whole, then validate.
        var out = Array(bytes[start..<i])
        while true {
            guard i < bytes.count else { throw error("unterminated string") }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw error("unescaped control character in string") }
            if c != UInt8(ascii: "\\") {
                let end = Self.endOfPlainRun(bytes, from: i)
                out.append(contentsOf: bytes[i..<end])
                i = end
                continue
            }
            i += 1
            guard i < bytes.count else { throw error("unterminated escape in string") }
            let e = bytes[i]
            i += 1
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
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate \\u\(String(scalar, radix: 16)) in string")
                    }
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else {
                        throw error("unpaired surrogate \\u\(String(scalar, radix: 16)) in string")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw error("unpaired surrogate \\u\(String(scalar, radix: 16)) in string")
                }
                // Valid by construction: not a surrogate, at most 0x10FFFF.
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
            default:
                i -= 1
                throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw error("string is not valid UTF-8")
        }
        return s
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("truncated \\u escape in string") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
