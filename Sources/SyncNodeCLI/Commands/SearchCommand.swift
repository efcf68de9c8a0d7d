import SyncCore
import SyncNode

/// `syncnode search "TEXT"`: ranked full-text search with snippets.
enum SearchCommand {
    static let spec = CommandSpec(
        name: "search", abstract: "Full-text search over titles, summaries, bodies, abstracts and notes, best match first.",
        discussion: """
            Every word must match. Put words in double quotes to find them as a phrase, next to each other \
            and in order ('"open data"'; quote the quotes for your shell). End a word or a phrase with * \
            to match its last word as a prefix (innov*, "open dat"*). Other punctuation and FTS operators \
            (AND, OR, NEAR, -) are taken as plain words.
            """,
        arguments: [ArgumentSpec(name: "text", help: "The words to find.", variadic: true)],
        options: [.value("limit", "N", "At most N results (default 20)."), .flag("json", "Print a JSON array.")],
        examples: [
            CommandExample("syncnode search flood sensors",
                           "Documents that mention both words, best match first."),
            CommandExample("syncnode search '\"open data\"' 'innov*' --limit 5",
                           "The phrase \"open data\" and a word starting with innov; five results."),
        ],
        run: { args, ctx in
            let text = args.positionals.joined(separator: " ")
            let node = try ctx.openReader(args)
            let hits = try node.search(text, limit: try args.int("limit", default: 20))
            if args.flag("json") {
                ctx.output.printJSON(.array(hits.map(DocumentJSON.summary)))
            } else if hits.isEmpty {
                ctx.output.print("No matches for \"\(text)\".")
            } else {
                for (i, h) in hits.enumerated() {
                    ctx.output.print("\(i + 1). \(h.title)  [\(h.kind.rawValue), \(h.city), \(h.category)]")
                    ctx.output.print("   \(h.id)  score \(h.score ?? 0)")
                    ctx.output.print("   \(h.snippet?.replacingNewlines() ?? "")")
                }
            }
            return .success
        })
}
