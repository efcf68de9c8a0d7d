import SyncCore

/// Reading a message of one known shape straight from its bytes
/// (`ChangesPage.decodeDirect`). Anything outside that shape (a value of
/// another type, an unknown or repeated member, a number that is not a
/// plain unsigned integer) throws `shapeMismatch`, and the caller falls
/// back to the tree decoder, whose errors name the problem; so these
/// errors carry no message.
extension JSONReader {
    /// Leaves the direct path: the error says nothing, the tree decoder will.
    static var shapeMismatch: JSONParseError { JSONParseError(offset: 0, line: 0, column: 0, reason: "") }

    /// Fills a member's slot, which must be empty (a member given once).
    static func once<T>(_ slot: inout T?, _ value: T) throws(JSONParseError) {
        guard slot == nil else { throw Self.shapeMismatch }
        slot = value
    }

    mutating func stringValue() throws(JSONParseError) -> String {
        guard current == UInt8(ascii: "\"") else { throw Self.shapeMismatch }
        return try readString()
    }

    /// A non-negative integer as `WireJSONObject.uint64` accepts it.
    mutating func uint64Value() throws(JSONParseError) -> UInt64 {
        guard let c = current, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { throw Self.shapeMismatch }
        guard let n = UInt64(try readNumber()) else { throw Self.shapeMismatch }
        return n
    }

    mutating func boolValue() throws(JSONParseError) -> Bool {
        switch current {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw Self.shapeMismatch
        }
    }

    /// Reads an object, calling `member` with each key, the reader at its
    /// value (which `member` must read).
    mutating func readObject(_ member: (inout JSONReader, String) throws(JSONParseError) -> Void) throws(JSONParseError) {
        guard current == UInt8(ascii: "{") else { throw Self.shapeMismatch }
        try enter()
        offset += 1
        if !skip(UInt8(ascii: "}")) {
            repeat {
                _ = try startKey()
                let key = try readString()
                try expectColon()
                try member(&self, key)
            } while !(try endOfMembers())
        }
        leave()
    }

    /// Reads an array, calling `element` with the reader at each element.
    mutating func readArray(_ element: (inout JSONReader) throws(JSONParseError) -> Void) throws(JSONParseError) {
        guard current == UInt8(ascii: "[") else { throw Self.shapeMismatch }
        try enter()
        offset += 1
        if !skip(UInt8(ascii: "]")) {
            repeat {
                skipWhitespace()
                try element(&self)
            } while !(try endOfElements())
        }
        leave()
    }

    /// An object of actors and counters (a context, excluded heads); the
    /// actors and the count are checked by the message's rules.
    mutating func countersValue() throws(JSONParseError) -> [String: UInt64] {
        var counters: [String: UInt64] = [:]
        try readObject { (r: inout JSONReader, actor: String) throws(JSONParseError) in
            guard counters.updateValue(try r.uint64Value(), forKey: actor) == nil else { throw JSONReader.shapeMismatch }
        }
        return counters
    }
}
