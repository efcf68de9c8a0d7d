/// The fields of one document revision, keyed by their snake_case names
/// (`title`, `summary`, `tags`, ...). Absent keys mean "empty".
///
/// Content is a plain value: validation lives in `DocumentSchema`, merging in
/// `FieldMerge`, and the signed encoding in `CanonicalEncoding`.
package struct Content: Sendable, Hashable {
    package private(set) var fields: [String: FieldValue]

    package init(_ fields: [String: FieldValue] = [:]) {
        self.fields = Dictionary(minimumCapacity: fields.count)
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
                let normal = Self.normalized(l)
                fields[key] = normal.isEmpty ? nil : .list(normal)
            }
        }
    }

    /// A list's labels sorted, without repeats or empty ones. A list that
    /// is so already (every list a revision from a peer carries, signed in
    /// this form) comes back as it is, without a set built to find out.
    private static func normalized(_ list: [String]) -> [String] {
        if let first = list.first, !first.isEmpty, zip(list, list.dropFirst()).allSatisfy({ $0 < $1 }) { return list }
        return Array(Set(list.filter { !$0.isEmpty })).sorted()
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
