import SyncNode

/// What a command runs with: the environment, the resolved home, and the
/// output streams. Tests give their own.
struct CommandContext {
    var environment: [String: String]
    var output: Output

    func home(_ args: ParsedArguments) -> NodeHome {
        NodeHome.resolve(option: args.value("home"), environment: environment)
    }

    func openNode(_ args: ParsedArguments, readOnly: Bool) throws -> LocalNode {
        try LocalNode.open(home: home(args), readOnly: readOnly)
    }
}
