/// A wrong command line. Printed with the command's usage and exit 64.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    /// The command path, e.g. ["article", "add"], for the usage line.
    var command: [String]

    var description: String { message }
}
