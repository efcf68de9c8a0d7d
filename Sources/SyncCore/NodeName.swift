/// Node names are lowercase slugs (`birmingham`, `new-york`): they appear in
/// document ids, actor names, URLs and file names, so the alphabet is small.
package enum NodeName {
    package static let maxLength = 40

    /// - Throws: `ValidationError` on field `name` saying what a slug is.
    package static func validate(_ name: String) throws {
        let scalars = Array(name.unicodeScalars)
        let ok = !scalars.isEmpty && scalars.count <= maxLength
            && scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && ("a"..."z").contains(scalars[0]) && scalars.last != "-"
            && !name.contains("--")
        if !ok {
            throw ValidationError(field: "name",
                reason: "'\(name)' is not a node name: use a lowercase slug of letters, digits and single hyphens, starting with a letter, at most \(maxLength) characters (e.g. birmingham, new-york)")
        }
    }
}
