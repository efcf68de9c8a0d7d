/// One example of `--help`: a command line a user can paste, and what it
/// does. Tests parse every example against its command's options, so an
/// example cannot name an option that does not exist.
struct CommandExample: Sendable {
    /// The whole line, starting with `syncnode`, quoted as for a POSIX shell.
    var command: String
    var explanation: String

    init(_ command: String, _ explanation: String) {
        self.command = command
        self.explanation = explanation
    }
}
