import SyncCore

/// Parses RFC 8941 dictionaries (section 4.2), with one deliberate
/// strictness: a repeated dictionary key is an error instead of silently
/// replacing the earlier member, so that a signature label cannot be
/// shadowed. Errors give the byte offset.
package struct StructuredFieldParser {
    /// A syntax error with its byte offset in the field value.
    package struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        package var offset: Int
        package var reason: String
        package var description: String { "at byte \(offset): \(reason)" }
    }

    private let s: [UInt8]
    private var i = 0

    private init(_ text: String) { s = Array(text.utf8) }

    /// Parses a whole dictionary field value.
    package static func parseDictionary(_ text: String) throws(ParseError) -> StructuredField.Dictionary {
        var p = StructuredFieldParser(text)
        p.skipSP()
        let d = try p.dictionary()
        p.skipSP()
        guard p.i == p.s.count else { throw p.fail("unexpected \(p.current) after the dictionary") }
        return d
    }

    private func fail(_ reason: String) -> ParseError { ParseError(offset: i, reason: reason) }

    private var current: String {
        guard i < s.count else { return "end of input" }
        let c = s[i]
        return (c >= 0x21 && c < 0x7F) ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x" + String(c, radix: 16)
    }

    private mutating func skipSP() { while i < s.count, s[i] == 0x20 { i += 1 } }
    private mutating func skipOWS() { while i < s.count, s[i] == 0x20 || s[i] == 0x09 { i += 1 } }

    private static func isLCAlpha(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
    private static func isAlpha(_ c: UInt8) -> Bool { isLCAlpha(c) || (c >= 0x41 && c <= 0x5A) }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isTChar(_ c: UInt8) -> Bool {
        isAlpha(c) || isDigit(c) || Array("!#$%&'*+-.^_`|~".utf8).contains(c)
    }

    private mutating func dictionary() throws(ParseError) -> StructuredField.Dictionary {
        var d = StructuredField.Dictionary()
        if i == s.count { return d }
        while true {
            let keyStart = i
            let key = try self.key()
            let member: StructuredField.Member
            if i < s.count, s[i] == UInt8(ascii: "=") {
                i += 1
                member = try self.member()
            } else {
                member = .item(StructuredField.Item(.boolean(true), try parameters()))
            }
            guard d[key] == nil else {
                i = keyStart
                throw fail("duplicate dictionary key '\(key)'")
            }
            d.members.append((key, member))
            skipOWS()
            if i == s.count { return d }
            guard s[i] == UInt8(ascii: ",") else { throw fail("expected ',' between dictionary members, got \(current)") }
            i += 1
            skipOWS()
            guard i < s.count else { throw fail("trailing ',' at the end of the dictionary") }
        }
    }

    private mutating func member() throws(ParseError) -> StructuredField.Member {
        if i < s.count, s[i] == UInt8(ascii: "(") { return .innerList(try innerList()) }
        return .item(try item())
    }

    private mutating func innerList() throws(ParseError) -> StructuredField.InnerList {
        i += 1
        var items: [StructuredField.Item] = []
        while i < s.count {
            skipSP()
            guard i < s.count else { break }
            if s[i] == UInt8(ascii: ")") {
                i += 1
                return StructuredField.InnerList(items, try parameters())
            }
            items.append(try item())
            guard i < s.count else { break }
            guard s[i] == 0x20 || s[i] == UInt8(ascii: ")") else {
                throw fail("expected a space or ')' in inner list, got \(current)")
            }
        }
        throw fail("unterminated inner list (missing ')')")
    }

    private mutating func item() throws(ParseError) -> StructuredField.Item {
        let bare = try bareItem()
        return StructuredField.Item(bare, try parameters())
    }

    private mutating func parameters() throws(ParseError) -> StructuredField.Parameters {
        var p = StructuredField.Parameters()
        while i < s.count, s[i] == UInt8(ascii: ";") {
            i += 1
            skipSP()
            let keyStart = i
            let key = try self.key()
            var value = StructuredField.BareItem.boolean(true)
            if i < s.count, s[i] == UInt8(ascii: "=") {
                i += 1
                value = try bareItem()
            }
            guard p[key] == nil else {
                i = keyStart
                throw fail("duplicate parameter '\(key)'")
            }
            p.pairs.append((key, value))
        }
        return p
    }

    private mutating func key() throws(ParseError) -> String {
        guard i < s.count, Self.isLCAlpha(s[i]) || s[i] == UInt8(ascii: "*") else {
            throw fail("expected a key (lowercase letter or '*'), got \(current)")
        }
        let start = i
        while i < s.count, Self.isLCAlpha(s[i]) || Self.isDigit(s[i]) || Array("_-.*".utf8).contains(s[i]) { i += 1 }
        return String(decoding: s[start..<i], as: UTF8.self)
    }

    private mutating func bareItem() throws(ParseError) -> StructuredField.BareItem {
        guard i < s.count else { throw fail("expected an item, got end of input") }
        let c = s[i]
        if c == UInt8(ascii: "-") || Self.isDigit(c) { return try number() }
        if c == UInt8(ascii: "\"") { return try string() }
        if c == UInt8(ascii: ":") { return try byteSequence() }
        if c == UInt8(ascii: "?") { return try boolean() }
        if Self.isAlpha(c) || c == UInt8(ascii: "*") { return token() }
        throw fail("expected an item, got \(current)")
    }

    private mutating func number() throws(ParseError) -> StructuredField.BareItem {
        let start = i
        if s[i] == UInt8(ascii: "-") { i += 1 }
        guard i < s.count, Self.isDigit(s[i]) else { throw fail("expected a digit") }
        var intDigits = 0
        while i < s.count, Self.isDigit(s[i]) { i += 1; intDigits += 1 }
        if i < s.count, s[i] == UInt8(ascii: ".") {
            guard intDigits <= 12 else { throw fail("decimal has more than 12 integer digits") }
            i += 1
            var frac = 0
            while i < s.count, Self.isDigit(s[i]) { i += 1; frac += 1 }
            guard (1...3).contains(frac) else { throw fail("decimal needs 1 to 3 fraction digits") }
            return .decimal(String(decoding: s[start..<i], as: UTF8.self))
        }
        guard intDigits <= 15 else { throw fail("integer has more than 15 digits") }
        // At most 15 digits: always fits in Int64.
        return .integer(Int64(String(decoding: s[start..<i], as: UTF8.self))!)
    }

    private mutating func string() throws(ParseError) -> StructuredField.BareItem {
        i += 1
        var out: [UInt8] = []
        while i < s.count {
            let c = s[i]
            i += 1
            if c == UInt8(ascii: "\\") {
                guard i < s.count, s[i] == UInt8(ascii: "\"") || s[i] == UInt8(ascii: "\\") else {
                    i -= 1
                    throw fail("invalid escape in string (only \\\" and \\\\ are allowed)")
                }
                out.append(s[i])
                i += 1
            } else if c == UInt8(ascii: "\"") {
                return .string(String(decoding: out, as: UTF8.self))
            } else if c < 0x20 || c > 0x7E {
                i -= 1
                throw fail("string contains a non-printable or non-ASCII byte")
            } else {
                out.append(c)
            }
        }
        throw fail("unterminated string")
    }

    private mutating func token() -> StructuredField.BareItem {
        let start = i
        i += 1
        while i < s.count, Self.isTChar(s[i]) || s[i] == UInt8(ascii: ":") || s[i] == UInt8(ascii: "/") { i += 1 }
        return .token(String(decoding: s[start..<i], as: UTF8.self))
    }

    private mutating func byteSequence() throws(ParseError) -> StructuredField.BareItem {
        let start = i
        i += 1
        let b64Start = i
        while i < s.count, s[i] != UInt8(ascii: ":") { i += 1 }
        guard i < s.count else { i = start; throw fail("unterminated byte sequence (missing ':')") }
        var text = String(decoding: s[b64Start..<i], as: UTF8.self)
        // RFC 8941 allows parsers to accept missing padding; we do.
        while text.utf8.count % 4 != 0 { text += "=" }
        guard let bytes = Base64URL.decodeStandard(text) else {
            i = start
            throw fail("byte sequence is not valid base64")
        }
        i += 1
        return .byteSequence(bytes)
    }

    private mutating func boolean() throws(ParseError) -> StructuredField.BareItem {
        i += 1
        guard i < s.count, s[i] == UInt8(ascii: "0") || s[i] == UInt8(ascii: "1") else {
            throw fail("expected ?0 or ?1")
        }
        i += 1
        return .boolean(s[i - 1] == UInt8(ascii: "1"))
    }
}
