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
        let node = try LocalNode.open(home: home(args), readOnly: readOnly)
        if let actor = node.restoredAs { warnRestored(node.identity.name, actor: actor) }
        return node
    }

    /// `openNode(args, readOnly: true)` for commands that read documents and
    /// the node's name only (`LocalNode.openForReading`: no key file parsed).
    func openReader(_ args: ParsedArguments) throws -> LocalNode {
        try LocalNode.openForReading(home: home(args))
    }

    /// Said once, when opening finds a store put back from a backup.
    func warnRestored(_ name: String, actor: String) {
        output.error("warning: this store knows fewer of \(name)'s writes than its home's write mark: it was restored from a backup. \(name) now writes as \(actor), and its next sync pulls its lost revisions back from every peer (no `syncnode rejoin` needed)")
    }
}
