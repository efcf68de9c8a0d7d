/// A command or command group: its help text, its options, and what it runs.
struct CommandSpec: Sendable {
    var name: String
    var abstract: String
    var discussion: String? = nil
    var arguments: [ArgumentSpec] = []
    var options: [OptionSpec] = []
    var subcommands: [CommandSpec] = []
    /// Shown under EXAMPLES in `--help`; every command has at least one.
    var examples: [CommandExample] = []
    /// Nil for a pure group (which then needs a subcommand).
    var run: (@Sendable (ParsedArguments, CommandContext) throws -> ExitCode)? = nil

    /// Options every command takes.
    static let commonOptions: [OptionSpec] = [
        .value("home", "DIR", "The node's home directory (default: $SYNCNODE_HOME, else ./.syncnode)."),
        .flag("help", "Show help information.", short: "h"),
    ]

    var allOptions: [OptionSpec] { options + CommandSpec.commonOptions }

    func subcommand(_ name: String) -> CommandSpec? { subcommands.first { $0.name == name } }
}
