import SyncCore
import SyncNode

/// `syncnode migrate`: bring a store written by an older syncnode up to
/// date, and say what was done.
enum MigrateCommand {
    static let spec = CommandSpec(
        name: "migrate", abstract: "Upgrade the store's schema to this version (any writing command also does it).",
        discussion: "Migrations are append-only and each runs in its own transaction; a store from an older version opens in every later one. With --compact, the store file is then rewritten without its free pages (an upgrade that moves data out of a table leaves them): stop `syncnode serve` first (compacting refuses while another process uses the store), and have free disk space for up to about twice the store's size (a temporary copy in SQLITE_TMPDIR, TMPDIR or /var/tmp, and a journal beside the store).",
        options: [.flag("compact", "Also rewrite the store file without its free pages (SQLite VACUUM)."),
                  .flag("json", "Print the result as JSON.")],
        examples: [
            CommandExample("syncnode migrate --home /var/lib/syncnode",
                           "Upgrade the store of the node in /var/lib/syncnode after installing a new syncnode."),
            CommandExample("syncnode migrate --compact --home /var/lib/syncnode",
                           "The same, then give the space the upgrade freed back to the file system."),
        ],
        run: { args, ctx in
            let node = try ctx.openNode(args, readOnly: false)
            let applied = node.migrationsApplied
            let compacted = args.flag("compact") ? try node.compactStore() : nil
            let usage = try node.storeFileUsage()
            let path = ctx.home(args).storePath
            if args.flag("json") {
                var object: [String: JSONValue] = [
                    "store": .string(path), "applied": .array(applied.map(JSONValue.string)),
                    "bytes": .double(Double(usage.bytes)), "free_bytes": .double(Double(usage.freeBytes)),
                ]
                if let compacted { object["bytes_before_compact"] = .double(Double(compacted.before)) }
                ctx.output.printJSON(.object(object))
                return .success
            }
            ctx.output.print(applied.isEmpty ? "the store at \(path) was already up to date"
                             : "upgraded the store at \(path): \(applied.joined(separator: ", "))")
            if let compacted {
                ctx.output.print("compacted it from \(megabytes(compacted.before)) to \(megabytes(compacted.after))")
            } else if usage.freeBytes >= 64 << 20 && usage.freeBytes * 5 >= usage.bytes {
                ctx.output.print("\(megabytes(usage.freeBytes)) of its \(megabytes(usage.bytes)) are free pages: `syncnode migrate --compact` gives them back (stop `syncnode serve` first)")
            }
            return .success
        })

    static func megabytes(_ bytes: Int64) -> String {
        "\((bytes + (1 << 19)) >> 20) MB"
    }
}
