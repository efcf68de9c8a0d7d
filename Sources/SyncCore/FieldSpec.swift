/// What one content field holds and how large it may be.
package struct FieldSpec: Sendable, Hashable {
    package enum Format: Sendable, Hashable {
        case text
        /// A calendar date, `YYYY-MM-DD`.
        case date
        /// An absolute `http` or `https` URL.
        case url
        /// A list of lowercase labels (`tags`).
        case labels
    }

    package let name: String
    package let format: Format
    /// Maximum size in UTF-8 bytes (for labels: of each label).
    package let maxBytes: Int
    package let required: Bool
    /// Searchable through the full-text index.
    package let searchable: Bool

    package init(_ name: String, _ format: Format, maxBytes: Int, required: Bool = false, searchable: Bool = false) {
        self.name = name
        self.format = format
        self.maxBytes = maxBytes
        self.required = required
        self.searchable = searchable
    }
}
