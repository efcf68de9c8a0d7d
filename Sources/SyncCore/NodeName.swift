/// Node names are lowercase slugs (`birmingham`, `new-york`): they appear in
/// document ids, actor names, URLs and file names, so the alphabet is small.
package enum NodeName {
    package static let maxLength = 40

    /// - Throws: `ValidationError` on field `name` saying what a slug is.
    package static func validate(_ name: String) throws {
        if !isValid(name.utf8) {
            throw ValidationError(field: "name",
                reason: "'\(name)' is not a node name: use a lowercase slug of letters, digits and single hyphens, starting with a letter, at most \(maxLength) characters (e.g. birmingham, new-york)")
        }
    }

    /// A slug: 1...`maxLength` of a-z, 0-9 and single hyphens, starting
    /// with a letter and not ending with a hyphen. Read byte by byte (any
    /// byte outside ASCII fails): every revision received names its author,
    /// its actor and the actors of its context.
    package static func isValid<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var count = 0
        var previous: UInt8 = 0
        for b in bytes {
            let letter = b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")
            let hyphen = b == UInt8(ascii: "-")
            guard letter || hyphen || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) else { return false }
            if count == 0 && !letter { return false }
            if hyphen && previous == UInt8(ascii: "-") { return false }
            previous = b
            count += 1
            if count > maxLength { return false }
        }
        return count > 0 && previous != UInt8(ascii: "-")
    }
}
