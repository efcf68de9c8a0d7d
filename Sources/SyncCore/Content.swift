/// The fields of one document revision, keyed by their snake_case names
/// (`title`, `summary`, `tags`, ...). Absent keys mean "empty".
///
/// Content is a plain value: validation lives in `DocumentSchema`, merging in
/// `FieldMerge`, and the signed encoding in `CanonicalEncoding`.
public struct Content: Sendable, Hashable {
    public private(set) var fields: [String: FieldValue]

    public init(_ fields: [String: FieldValue] = [:]) {
        self.fields = [:]
        for (k, v) in fields { self[k] = v }
    }

    /// Setting an empty text or an empty list removes the field, so that
    /// "absent" and "empty" are one state and hash the same everywhere.
    public subscript(key: String) -> FieldValue? {
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

    public func text(_ key: String) -> String { fields[key]?.text ?? "" }
    public func list(_ key: String) -> [String] { fields[key]?.list ?? [] }

    /// Field names in a fixed (sorted) order, for canonical encodings.
    public var sortedKeys: [String] { fields.keys.sorted() }
}
