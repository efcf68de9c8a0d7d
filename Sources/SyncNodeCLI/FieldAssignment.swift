import SyncCore

/// `--set FIELD=VALUE` as `edit` and `resolve` take it: `tags` is a
/// comma-separated list, every other field is text.
enum FieldAssignment {
    static func parse(_ pair: String, option: String, command: [String]) throws -> (field: String, value: FieldValue) {
        guard let eq = pair.firstIndex(of: "=") else {
            throw UsageError(message: "Invalid value '\(pair)' for '--\(option)': expected FIELD=VALUE", command: command)
        }
        let field = String(pair[..<eq])
        let value = String(pair[pair.index(after: eq)...])
        return (field, field == "tags" ? .list(value.split(separator: ",").map { String($0).trimmed }) : .text(value))
    }
}
