import FoundationEssentials
import SyncCore
import SyncNode

/// `syncnode backup FILE`: an online, consistent copy of the store, marked
/// as a backup so that a node restored from it knows it may have forgotten
/// writes its peers hold (docs/operations.md, "Backups").
enum BackupCommand {
    static let spec = CommandSpec(
        name: "backup", abstract: "Copy the store to FILE while the node runs (consistent, checked, marked as a backup).",
        discussion: "Uses SQLite's online backup, so `serve` and sync runs may keep writing. The copy is checked with PRAGMA integrity_check and written with mode 0600; an existing FILE is never overwritten. Back up node-key.pem and peers/ separately (docs/operations.md).",
        arguments: [ArgumentSpec(name: "file", help: "Where to write the copy, e.g. /backups/syncnode/store-2026-12-05.sqlite.")],
        options: [.flag("json", "Print the result as JSON."), .flag("quiet", "Print nothing but errors (for cron).")],
        examples: [
            CommandExample("syncnode backup /backups/syncnode/store-2026-12-05.sqlite",
                           "Copy the store while serve keeps running."),
            CommandExample("syncnode backup /backups/syncnode/nightly.sqlite --quiet",
                           "The same from cron: prints nothing unless it fails."),
        ],
        run: { args, ctx in
            let file = args.positionals[0]
            let node = try ctx.openNode(args, readOnly: true)
            let bytes = try node.backup(to: file)
            if args.flag("json") {
                ctx.output.printJSON(.object(["file": .string(file), "bytes": .double(Double(bytes)),
                                              "node": .string(node.identity.name), "integrity": .string("ok")]))
            } else if !ctx.output.quiet {
                ctx.output.print("backed up \(node.identity.name)'s store to \(file) (\(bytes / 1024) KiB, integrity ok)")
            }
            return .success
        })
}
