/// The documented fields of articles and talks, their limits, and validation.
/// These limits are part of the interface (README, docs/protocol.md): a peer
/// rejects content that breaks them.
package enum DocumentSchema {
    package static let maxTags = 32

    package static let articleFields: [FieldSpec] = [
        FieldSpec("title", .text, maxBytes: 300, required: true, searchable: true),
        FieldSpec("summary", .text, maxBytes: 2_000, searchable: true),
        FieldSpec("body", .text, maxBytes: 200_000, searchable: true),
        FieldSpec("category", .text, maxBytes: 100),
        FieldSpec("tags", .labels, maxBytes: 64),
        FieldSpec("city", .text, maxBytes: 100),
        FieldSpec("language", .text, maxBytes: 35),
        FieldSpec("published_date", .date, maxBytes: 10),
        FieldSpec("source_url", .url, maxBytes: 2_000),
        FieldSpec("organisation", .text, maxBytes: 300),
    ]

    package static let talkFields: [FieldSpec] = [
        FieldSpec("title", .text, maxBytes: 300, required: true, searchable: true),
        FieldSpec("speaker", .text, maxBytes: 200),
        FieldSpec("speaker_role", .text, maxBytes: 300),
        FieldSpec("event", .text, maxBytes: 300),
        FieldSpec("event_date", .date, maxBytes: 10),
        FieldSpec("abstract", .text, maxBytes: 5_000, searchable: true),
        FieldSpec("notes", .text, maxBytes: 200_000, searchable: true),
        FieldSpec("media_url", .url, maxBytes: 2_000),
        FieldSpec("city", .text, maxBytes: 100),
        FieldSpec("category", .text, maxBytes: 100),
        FieldSpec("tags", .labels, maxBytes: 64),
    ]

    package static func fields(for kind: DocumentKind) -> [FieldSpec] {
        kind == .article ? articleFields : talkFields
    }

    package static func spec(_ name: String, for kind: DocumentKind) -> FieldSpec? {
        fields(for: kind).first { $0.name == name }
    }

    /// The date a listing sorts and filters by: publication for articles,
    /// the event for talks.
    package static func dateField(for kind: DocumentKind) -> String {
        kind == .article ? "published_date" : "event_date"
    }

    /// Checks `content` against the fields of `kind`.
    /// - Throws: the first `ValidationError`, in field order.
    package static func validate(_ content: Content, kind: DocumentKind) throws {
        let specs = fields(for: kind)
        for key in content.sortedKeys where !specs.contains(where: { $0.name == key }) {
            let known = specs.map(\.name).joined(separator: ", ")
            throw ValidationError(field: key, reason: "is not a field of \(kind.withArticle) (fields: \(known))")
        }
        for spec in specs {
            try validate(content[spec.name], spec: spec)
        }
    }

    static func validate(_ value: FieldValue?, spec: FieldSpec) throws {
        guard let value else {
            if spec.required { throw ValidationError(field: spec.name, reason: "is required and missing") }
            return
        }
        switch (spec.format, value) {
        case (.labels, .list(let labels)):
            if labels.count > maxTags {
                throw ValidationError(field: spec.name, reason: "has \(labels.count) entries; at most \(maxTags) are allowed")
            }
            for label in labels where !isLabel(label, maxBytes: spec.maxBytes) {
                throw ValidationError(field: spec.name,
                    reason: "'\(label)' is not a label: use lowercase letters, digits and hyphens, at most \(spec.maxBytes) characters")
            }
        case (.labels, .text):
            throw ValidationError(field: spec.name, reason: "must be a list of labels")
        case (_, .list):
            throw ValidationError(field: spec.name, reason: "must be text, not a list")
        case (let format, .text(let s)):
            if s.utf8.count > spec.maxBytes {
                throw ValidationError(field: spec.name, reason: "is \(s.utf8.count) bytes; the limit is \(spec.maxBytes)")
            }
            if spec.required && s.allSatisfy(\.isWhitespace) {
                throw ValidationError(field: spec.name, reason: "is required and empty")
            }
            if format == .date && !isDate(s) {
                throw ValidationError(field: spec.name, reason: "'\(s)' is not a date: use YYYY-MM-DD, e.g. 2021-11-18")
            }
            if format == .url && !isURL(s) {
                throw ValidationError(field: spec.name, reason: "'\(s)' is not an http(s) URL, e.g. https://example.org/page")
            }
        }
    }

    /// `YYYY-MM-DD` with a real month and day (leap years included).
    package static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= days[m - 1]
    }

    /// An absolute http(s) URL with a host and no whitespace. Works on the
    /// UTF-8 bytes and scalars (every whitespace scalar starts its own
    /// character, so this is `Character.isWhitespace` without breaking the
    /// text into characters): it runs for every revision received.
    package static func isURL(_ s: String) -> Bool {
        let bytes = s.utf8
        func hasSchemePrefix(_ scheme: String) -> Bool {
            bytes.count >= scheme.utf8.count && zip(bytes, scheme.utf8).allSatisfy { b, p in
                (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b) == p
            }
        }
        let rest: Substring.UTF8View
        if hasSchemePrefix("https://") { rest = bytes.dropFirst(8) }
        else if hasSchemePrefix("http://") { rest = bytes.dropFirst(7) }
        else { return false }
        guard let first = rest.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "?"), first != UInt8(ascii: "#") else {
            return false
        }
        return !s.unicodeScalars.contains { c in
            c.isASCII ? (c.value == 32 || (9...13).contains(c.value)) : c.properties.isWhitespace
        }
    }

    static func isLabel(_ s: String, maxBytes: Int) -> Bool {
        !s.isEmpty && s.utf8.count <= maxBytes
            && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
