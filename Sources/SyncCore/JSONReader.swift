/// The lexer under `JSONParser`: a cursor over JSON bytes that reads one
/// token at a time, with the parser's strictness (UTF-8, escapes, the number
/// grammar, the nesting bound) and its error positions.
///
/// Why it is its own type: a decoder of one fixed shape can read through it
/// directly instead of building a `JSONValue` tree first (a change-log
/// page's revisions, about a tenth of a pull's CPU when built as a tree),
/// and still accept exactly the bytes `JSONParser` accepts.
package struct JSONReader {
    package let bytes: [UInt8]
    /// The next byte to read.
    package var offset = 0
    private var depth = 0
    private let maxDepth: Int
    /// Where `lineNumber(at:)` stopped counting: a record array's elements
    /// come in increasing offsets, so each newline is counted once.
    private var countedTo = 0
    private var countedLines = 1

    package init(_ bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// The byte at `offset`, or nil at the end.
    package var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    package var isAtEnd: Bool { offset >= bytes.count }

    package mutating func skipWhitespace() {
        while offset < bytes.count {
            let c = bytes[offset]
            guard c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D else { return }
            offset += 1
        }
    }

    /// Skips whitespace, then `byte` if it comes next: whether it did.
    package mutating func skip(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    // MARK: Punctuation

    /// Skips whitespace; the offset of the object key that must come next.
    package mutating func startKey() throws(JSONParseError) -> Int {
        skipWhitespace()
        guard current == UInt8(ascii: "\"") else { throw error("expected a string key, got \(describeCurrent())") }
        return offset
    }

    /// The colon after an object key, and the whitespace around it.
    package mutating func expectColon() throws(JSONParseError) {
        guard skip(UInt8(ascii: ":")) else { throw error("expected ':' after object key, got \(describeCurrent())") }
        skipWhitespace()
    }

    /// After an object member: true at the closing brace, false at a comma.
    package mutating func endOfMembers() throws(JSONParseError) -> Bool {
        if skip(UInt8(ascii: ",")) { return false }
        if skip(UInt8(ascii: "}")) { return true }
        throw error("expected ',' or '}', got \(describeCurrent())")
    }

    /// After an array element: true at the closing bracket, false at a comma.
    package mutating func endOfElements() throws(JSONParseError) -> Bool {
        if skip(UInt8(ascii: ",")) { return false }
        if skip(UInt8(ascii: "]")) { return true }
        throw error("expected ',' or ']', got \(describeCurrent())")
    }

    /// Nothing but whitespace left after the document's value.
    package mutating func expectEnd() throws(JSONParseError) {
        skipWhitespace()
        guard isAtEnd else { throw error("unexpected \(describeCurrent()) after the JSON value") }
    }

    // MARK: Errors

    /// An error at `offset`, with its line and column.
    package func error(_ message: String) -> JSONParseError {
        let line = line(at: offset)
        let lineStart = bytes[..<min(offset, bytes.count)].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        return JSONParseError(offset: offset, line: line, column: offset - lineStart + 1, reason: message)
    }

    /// The byte at `offset` as an error message names it.
    package func describeCurrent() -> String {
        guard offset < bytes.count else { return "end of input" }
        let c = bytes[offset]
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x" + String(c, radix: 16, uppercase: false)
    }

    /// The 1-based line of `at`, counted on from the last `lineNumber(at:)`
    /// when `at` is past it (from the start otherwise).
    private func line(at: Int) -> Int {
        let end = min(at, bytes.count)
        let (from, base) = end >= countedTo ? (countedTo, countedLines) : (0, 1)
        var n = base
        for b in bytes[from..<end] where b == 0x0A { n += 1 }
        return n
    }

    /// `line(at:)` that remembers where it stopped, so that numbering every
    /// element of a large array stays linear instead of rescanning from byte 0.
    package mutating func lineNumber(at: Int) -> Int {
        let n = line(at: at)
        (countedTo, countedLines) = (min(at, bytes.count), n)
        return n
    }

    // MARK: Nesting

    /// One level deeper (an object or array opened).
    package mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
    }

    package mutating func leave() {
        depth -= 1
    }

    // MARK: Tokens

    /// `word` (`true`, `false` or `null`) at `offset`.
    package mutating func literal(_ word: String) throws(JSONParseError) {
        for c in word.utf8 {
            guard offset < bytes.count, bytes[offset] == c else { throw error("invalid literal, expected '\(word)'") }
            offset += 1
        }
    }

    /// The number at `offset`, as its text (RFC 8259 grammar).
    package mutating func readNumber() throws(JSONParseError) -> String {
        let start = offset
        func digits(_ r: inout JSONReader) -> Int {
            let s = r.offset
            while r.offset < r.bytes.count, r.bytes[r.offset] >= UInt8(ascii: "0"), r.bytes[r.offset] <= UInt8(ascii: "9") { r.offset += 1 }
            return r.offset - s
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count, bytes[offset] >= UInt8(ascii: "0"), bytes[offset] <= UInt8(ascii: "9") else {
            throw error("expected a digit in number")
        }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
            if offset < bytes.count, bytes[offset] >= UInt8(ascii: "0"), bytes[offset] <= UInt8(ascii: "9") {
                throw error("leading zero in number")
            }
        } else {
            _ = digits(&self)
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits(&self) > 0 else { throw error("expected a digit after '.' in number") }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digits(&self) > 0 else { throw error("expected a digit in number exponent") }
        }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    /// The offset of the first quote, backslash or control character at or
    /// after `from`, or `bytes.count`: where a plain run of a string ends.
    private static func endOfPlainRun(_ bytes: [UInt8], from: Int) -> Int {
        bytes.withUnsafeBytes { $0.endOfPlainJSONRun(from: from) }
    }

    /// The string whose opening quote is at `offset`, unescaped.
    package mutating func readString() throws(JSONParseError) -> String {
        offset += 1 // opening quote
        let start = offset
        // Fast path: no escapes.
        offset = Self.endOfPlainRun(bytes, from: offset)
        guard offset < bytes.count else { throw error("unterminated string") }
        if bytes[offset] == UInt8(ascii: "\"") {
            guard let s = String(validating: bytes[start..<offset], as: UTF8.self) else {
                offset = start
                throw error("string is not valid UTF-8")
            }
            offset += 1
            return s
        }
        // Slow path: decode escapes into a byte buffer, plain runs copied
        // whole, then validate.
        var out = Array(bytes[start..<offset])
        while true {
            guard offset < bytes.count else { throw error("unterminated string") }
            let c = bytes[offset]
            if c == UInt8(ascii: "\"") { offset += 1; break }
            if c < 0x20 { throw error("unescaped control character in string") }
            if c != UInt8(ascii: "\\") {
                let end = Self.endOfPlainRun(bytes, from: offset)
                out.append(contentsOf: bytes[offset..<end])
                offset = end
                continue
            }
            offset += 1
            guard offset < bytes.count else { throw error("unterminated escape in string") }
            let e = bytes[offset]
            offset += 1
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
                    guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate \\u\(String(scalar, radix: 16)) in string")
                    }
                    offset += 2
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
                offset -= 1
                throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw error("string is not valid UTF-8")
        }
        return s
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("truncated \\u escape in string") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[offset]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v << 4 | d
            offset += 1
        }
        return v
    }
}
