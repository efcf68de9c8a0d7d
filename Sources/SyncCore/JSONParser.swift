/// A strict RFC 8259 JSON parser, for messages from peers and for files a
/// person imports.
///
/// Strict where laxness would let two nodes read one message differently:
/// duplicate object keys, invalid UTF-8, lone surrogates, a byte-order mark,
/// and trailing bytes are errors. Nesting is bounded. Errors carry the byte
/// offset, line and column.
package struct JSONParser {
    private var r: JSONReader

    /// Parses one complete JSON document.
    /// - Throws: `JSONParseError`.
    package static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        var p = JSONParser(r: JSONReader(bytes, maxDepth: maxDepth))
        p.r.skipWhitespace()
        let value = try p.parseValue()
        try p.r.expectEnd()
        return value
    }

    package static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Parses a file of records: a top-level array gives each element with
    /// the line it starts on; a single value comes back as one element.
    package static func parseRecords(_ text: String) throws(JSONParseError) -> [(value: JSONValue, line: Int)] {
        var p = JSONParser(r: JSONReader(Array(text.utf8), maxDepth: 64))
        p.r.skipWhitespace()
        guard p.r.current == UInt8(ascii: "[") else {
            let line = p.r.lineNumber(at: p.r.offset)
            return [(try parse(p.r.bytes), line)]
        }
        p.r.offset += 1
        var out: [(JSONValue, Int)] = []
        if !p.r.skip(UInt8(ascii: "]")) {
            while true {
                p.r.skipWhitespace()
                let line = p.r.lineNumber(at: p.r.offset)
                out.append((try p.parseValue(), line))
                if p.r.skip(UInt8(ascii: ",")) { continue }
                if p.r.skip(UInt8(ascii: "]")) { break }
                throw p.r.error("expected ',' or ']', got \(p.r.describeCurrent())")
            }
        }
        try p.r.expectEnd()
        return out
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard let c = r.current else { throw r.error("expected a value, got end of input") }
        switch c {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try r.readString())
        case UInt8(ascii: "t"): try r.literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try r.literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try r.literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try r.readNumber())
        default: throw r.error("expected a value, got \(r.describeCurrent())")
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try r.enter()
        r.offset += 1
        var members: [String: JSONValue] = [:]
        if r.skip(UInt8(ascii: "}")) {
            r.leave()
            return .object(members)
        }
        while true {
            let keyStart = try r.startKey()
            let key = try r.readString()
            try r.expectColon()
            let value = try parseValue()
            guard members.updateValue(value, forKey: key) == nil else {
                r.offset = keyStart
                throw r.error("duplicate object key \"\(key)\"")
            }
            if try r.endOfMembers() { break }
        }
        r.leave()
        return .object(members)
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try r.enter()
        r.offset += 1
        var items: [JSONValue] = []
        if r.skip(UInt8(ascii: "]")) {
            r.leave()
            return .array(items)
        }
        while true {
            r.skipWhitespace()
            items.append(try parseValue())
            if try r.endOfElements() { break }
        }
        r.leave()
        return .array(items)
    }
}
