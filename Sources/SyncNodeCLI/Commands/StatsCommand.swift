import SyncCore
import SyncNode

/// `syncnode stats`: counts of what the store holds.
enum StatsCommand {
    static let spec = CommandSpec(
        name: "stats", abstract: "Show counts: articles, talks, deletes, revisions, conflicts, cities, store size.",
        options: [.flag("json", "Print as JSON.")],
        run: { args, ctx in
            let node = try ctx.openNode(args, readOnly: true)
            let s = try node.store.stats()
            if args.flag("json") {
                ctx.output.printJSON(.object([
                    "node": .string(node.identity.name), "articles": .number(Double(s.articles)),
                    "talks": .number(Double(s.talks)), "deleted": .number(Double(s.deleted)),
                    "revisions": .number(Double(s.revisions)), "conflicts": .number(Double(s.conflicts)),
                    "head_seq": .number(Double(s.headSeq)), "store_bytes": .number(Double(s.fileBytes)),
                    "cities": .object(s.cities.mapValues { .number(Double($0)) }),
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
