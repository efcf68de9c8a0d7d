/// The fields of one document revision, keyed by their snake_case names
/// (`title`, `summary`, `tags`, ...). Absent keys mean "empty".
///
/// Content is a plain value: validation lives in `DocumentSchema`, merging in
/// `FieldMerge`, and the signed encoding in `CanonicalEncoding`.
package struct Content: Sendable, Hashable {
    package private(set) var fields: [String: FieldValue]

    package init(_ fields: [String: FieldValue] = [:]) {
        self.fields = [:]
        for (k, v) in fields { self[k] = v }
    }

    /// Setting an empty text or an empty list removes the field, so that
    /// "absent" and "empty" are one state and hash the same everywhere.
    package subscript(key: String) -> FieldValue? {
        get { fields[key] }
        set {
            switch newValue {
            case .none: fields[key] = nil
            case .text(let s)?: fields[key] = s.isEmpty ? nil : .text(s)
            case .list(let l)?:
                let normal = Array(Set(l.filter { !$0.isEmpty })).sorted()
                fields[key] = normal.isEmpty ? nil : .list(normal)
            }
        }
    }

    package func text(_ key: String) -> String { fields[key]?.text ?? "" }
    package func list(_ key: String) -> [String] { fields[key]?.list ?? [] }

    /// Whether both hold the same fields with byte-for-byte the same texts.
    /// `==` is Swift's string equality, canonical equivalence: a text in
    /// NFC equals its NFD form. What the store writes (the stored view, the
    /// full-text index, which works on bytes) must follow the bytes.
    package func hasIdenticalBytes(to other: Content) -> Bool {
        guard fields.count == other.fields.count else { return false }
        for (key, value) in fields {
            switch (value, other.fields[key]) {
            case (.text(let a), .text(let b)?):
                guard Content.sameBytes(a, b) else { return false }
            case (.list(let a), .list(let b)?):
                guard a.count == b.count, zip(a, b).allSatisfy(Content.sameBytes) else { return false }
            default:
                return false
            }
        }
        return true
    }

    /// Byte equality of two texts. `withUTF8` reads a native string's own
    /// bytes (a small string's from a copy on the stack; a bridged one's
    /// from a native copy), so this is a word-at-a-time compare, and O(1)
    /// for two copies of one large string; `utf8.elementsEqual` went byte
    /// by byte through the generic iterator (2% of a pull's CPU).
    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a, b = b
        return a.withUTF8 { pa in b.withUTF8 { pb in UnsafeRawBufferPointer(pa).hasSameBytes(as: UnsafeRawBufferPointer(pb)) } }
    }

    /// Field names in a fixed (sorted) order, for canonical encodings.
    package var sortedKeys: [String] { fields.keys.sorted() }
}
