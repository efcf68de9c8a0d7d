/// Document ids are `<node>.<26 base32 characters>`: the minting node's name
/// (so two nodes can never mint the same id) and 128 random bits (so a node
/// restored from a backup cannot mint an id it already used).
package enum DocumentID {
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// - Parameter random: 16 random bytes from the caller (keeps this module free of I/O).
    package static func mint(node: String, random: [UInt8]) -> String {
        precondition(random.count == 16, "DocumentID.mint needs 16 random bytes")
        var out = ""
        var acc: UInt32 = 0
        var bits = 0
        for b in random {
            acc = (acc << 8) | UInt32(b)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((acc >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 { out.append(alphabet[Int((acc << UInt32(5 - bits)) & 31)]) }
        return node + "." + out
    }

    /// Checks the shape `<node>.<suffix>` with a valid node name; ids from
    /// other implementations may use any suffix of 1...64 URL-safe characters.
    package static func isValid(_ id: String) -> Bool {
        let bytes = id.utf8
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")), NodeName.isValid(bytes[..<dot]) else { return false }
        let suffix = bytes[bytes.index(after: dot)...]
        // Bytes, not characters: only ASCII is allowed, where they are the same.
        return (1...64).contains(suffix.count) && suffix.allSatisfy { b in
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
        }
    }
}
