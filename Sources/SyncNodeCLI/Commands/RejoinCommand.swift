import SyncCore
import SyncNode

/// `syncnode rejoin`: after restoring a node's store from a backup.
enum RejoinCommand {
    static let spec = CommandSpec(
        name: "rejoin", abstract: "After restoring the store from a backup: write as a new actor epoch and fetch this node's own lost revisions from peers.",
        discussion: "Not needed in most cases: a node notices a restore by itself (its home's write mark, a peer holding later writes of its own, or `init --key`). Run it to say so explicitly, e.g. after restoring the whole home from an old snapshot, before any edit. The node then writes as NAME~N, so it never reuses a write counter it spent after the backup, and its next pulls re-read every peer's log with its own revisions. Harmless when the restore was already noticed. See docs/operations.md.",
        options: [.flag("json", "Print the result as JSON.")],
        examples: [
            CommandExample("syncnode rejoin",
                           "After restoring the home from an old snapshot: write as a new actor epoch."),
            CommandExample("syncnode sync",
                           "Then fetch what the peers hold before editing."),
        ],
        run: { args, ctx in
            let node = try ctx.openNode(args, readOnly: false)
            let actor = try node.markRestored()
            if args.flag("json") {
                ctx.output.printJSON(.object(["node": .string(node.identity.name), "actor": .string(actor)]))
            } else {
                ctx.output.print("\(node.identity.name) now writes as \(actor); run `syncnode sync` to fetch what peers hold before editing")
            }
            return .success
        })
}
