import SyncCore
import SyncNode

/// `syncnode migrate`: bring a store written by an older syncnode up to date.
enum MigrateCommand {
    static let spec = CommandSpec(
        name: "migrate", abstract: "Upgrade the store's schema to this version (any writing command also does it).",
        discussion: "Migrations are append-only and each runs in its own transaction; a store from an older version opens in every later one.",
        examples: [
            CommandExample("syncnode migrate --home /var/lib/syncnode",
                           "Upgrade the store of the node in /var/lib/syncnode after installing a new syncnode."),
        ],
        run: { args, ctx in
            _ = try ctx.openNode(args, readOnly: false)
            ctx.output.print("the store at \(ctx.home(args).storePath) is up to date")
            return .success
        })
}
