import SyncCore
import SyncNode

/// `syncnode rejoin`: after restoring a node's store from a backup.
enum RejoinCommand {
    static let spec = CommandSpec(
        name: "rejoin", abstract: "After restoring the store from a backup: write as a new actor epoch and fetch this node's own lost revisions from peers.",
        discussion: "Run it once, before any edit, on a node restored from a backup (cp, sqlite3 .backup, or a file-system snapshot). The node then writes as NAME~N, so it never reuses a write counter it spent after the backup, and its next pulls ask peers for its own revisions too. See docs/operations.md.",
        options: [.flag("json", "Print the result as JSON.")],
        run: { args, ctx in
            let node = try ctx.openNode(args, readOnly: false)
            let actor = try node.store.markRestored()
            if args.flag("json") {
                ctx.output.printJSON(.object(["node": .string(node.identity.name), "actor": .string(actor)]))
            } else {
                ctx.output.print("\(node.identity.name) now writes as \(actor); run `syncnode sync` to fetch what peers hold before editing")
            }
            return .success
        })
}
