import SyncCore

/// Every command, in the order `--help` lists them.
enum CommandTree {
    static let root = CommandSpec(
        name: "syncnode",
        abstract: "A city's node in the syncnode federation: a local store of articles and talks, synced with peer cities over signed HTTPS change-sets.",
        discussion: "Every command takes --home DIR (default: $SYNCNODE_HOME, else ./.syncnode).",
        subcommands: [
            InitCommand.spec,
            WhoamiCommand.spec,
            CommandSpec(name: "article", abstract: "Author articles.", subcommands: [AddCommand.spec(.article)]),
            CommandSpec(name: "talk", abstract: "Author talks.", subcommands: [AddCommand.spec(.talk)]),
            EditCommand.spec,
            DeleteCommand.spec,
            ImportCommand.spec,
            ExportCommand.spec,
            ListCommand.spec,
            ShowCommand.spec,
            SearchCommand.spec,
            StatsCommand.spec,
            ConflictsCommand.spec,
            ResolveCommand.spec,
            PeerCommand.spec,
            ServeCommand.spec,
            SyncCommand.pull,
            SyncCommand.push,
            SyncCommand.sync,
            StatusCommand.spec,
            RunsCommand.spec,
            RejectedCommand.spec,
            BackupCommand.spec,
            DoctorCommand.spec,
            RejoinCommand.spec,
            MigrateCommand.spec,
            RotateKeyCommand.spec,
            DemoCommand.spec,
            CommandSpec(name: "help", abstract: "Show help for a command.", run: nil),
        ])
}
