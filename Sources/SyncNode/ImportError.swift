/// A record that cannot be imported, with the file, the line and the field,
/// so that the person can go straight to it.
public struct ImportError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    public var field: String?
    public var reason: String

    public var description: String {
        "\(file):\(line): \(field.map { "field '\($0)': " } ?? "")\(reason). Nothing was imported; fix the record and run the import again"
    }
}
