import SyncCore
import SyncNode

/// `syncnode stats`: counts of what the store holds.
enum StatsCommand {
    static let spec = CommandSpec(
        name: "stats", abstract: "Show counts: articles, talks, deletes, revisions, conflicts, cities, store size.",
        options: [.flag("json", "Print as JSON.")],
        examples: [
            CommandExample("syncnode stats",
                           "Counts of articles, talks, revisions, conflicts and cities."),
            CommandExample("syncnode stats --json",
                           "The same as JSON."),
        ],
        run: { args, ctx in
            let node = try ctx.openReader(args)
            let s = try node.stats()
            if args.flag("json") {
                ctx.output.printJSON(.object([
                    "node": .string(node.identity.name), "articles": .double(Double(s.articles)),
                    "talks": .double(Double(s.talks)), "deleted": .double(Double(s.deleted)),
                    "revisions": .double(Double(s.revisions)), "conflicts": .double(Double(s.conflicts)),
                    "head_seq": .double(Double(s.headSeq)), "store_bytes": .double(Double(s.fileBytes)),
                    "cities": .object(s.cities.mapValues { .double(Double($0)) }),
                ]))
            } else {
                ctx.output.print("node:       \(node.identity.name)")
                ctx.output.print("articles:   \(s.articles)")
                ctx.output.print("talks:      \(s.talks)")
                ctx.output.print("deleted:    \(s.deleted)")
                ctx.output.print("revisions:  \(s.revisions) (change log head \(s.headSeq))")
                ctx.output.print("conflicts:  \(s.conflicts)")
                ctx.output.print("store size: \(s.fileBytes) bytes")
                ctx.output.print("cities:     " + s.cities.keys.sorted().map { "\($0) \(s.cities[$0]!)" }.joined(separator: ", "))
            }
            return .success
        })
}
