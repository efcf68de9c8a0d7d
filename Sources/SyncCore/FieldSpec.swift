/// What one content field holds and how large it may be.
public struct FieldSpec: Sendable, Hashable {
    public enum Format: Sendable, Hashable {
        case text
        /// A calendar date, `YYYY-MM-DD`.
        case date
        /// An absolute `http` or `https` URL.
        case url
        /// A list of lowercase labels (`tags`).
        case labels
    }

    public let name: String
    public let format: Format
    /// Maximum size in UTF-8 bytes (for labels: of each label).
    public let maxBytes: Int
    public let required: Bool
    /// Searchable through the full-text index.
    public let searchable: Bool

    public init(_ name: String, _ format: Format, maxBytes: Int, required: Bool = false, searchable: Bool = false) {
        self.name = name
        self.format = format
        self.maxBytes = maxBytes
        self.required = required
        self.searchable = searchable
    }
}
