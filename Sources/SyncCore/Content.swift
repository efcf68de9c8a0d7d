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

    /// Whether both hold the same fields with byte-for-byte the same texts
    /// (`String.hasSameUTF8`), where `==` is canonical equivalence.
    package func hasIdenticalBytes(to other: Content) -> Bool {
        guard fields.count == other.fields.count else { return false }
        for (key, value) in fields {
            switch (value, other.fields[key]) {
            case (.text(let a), .text(let b)?):
                guard a.hasSameUTF8(as: b) else { return false }
            case (.list(let a), .list(let b)?):
                guard a.count == b.count, zip(a, b).allSatisfy({ $0.hasSameUTF8(as: $1) }) else { return false }
            default:
                return false
            }
        }
        return true
    }

    /// Field names in a fixed (sorted) order, for canonical encodings.
    package var sortedKeys: [String] { fields.keys.sorted() }
}
