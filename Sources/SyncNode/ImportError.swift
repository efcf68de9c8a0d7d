/// A record that cannot be imported, with the file, the line and the field,
/// so that the person can go straight to it.
package struct ImportError: Error, CustomStringConvertible, Sendable {
    package var file: String
    package var line: Int
    package var field: String?
    package var reason: String

    package var description: String {
        "\(file):\(line): \(field.map { "field '\($0)': " } ?? "")\(reason). Nothing was imported; fix the record and run the import again"
    }
}
