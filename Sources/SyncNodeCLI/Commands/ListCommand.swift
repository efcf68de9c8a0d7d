import SyncCore
import SyncNode

/// `syncnode list [articles|talks] [filters]`.
enum ListCommand {
    static let spec = CommandSpec(
        name: "list", abstract: "List documents, newest first.",
        arguments: [ArgumentSpec(name: "kind", help: "articles or talks (default: both).", optional: true)],
        options: [
            .value("category", "C", "Only this category."),
            .value("city", "X", "Only this city."),
            .value("tag", "T", "Only documents with this tag."),
            .value("since", "DATE", "Only documents dated on or after DATE (YYYY-MM-DD)."),
            .value("limit", "N", "At most N rows (default 100; stderr says when more match)."),
            .flag("json", "Print a JSON array."),
        ],
        examples: [
            CommandExample("syncnode list talks --city singapore",
                           "Singapore's talks, newest first."),
            CommandExample("syncnode list --tag open-data --since 2026-01-01 --json",
                           "Documents tagged open-data dated this year, as JSON."),
        ],
        run: { args, ctx in
            var filter = ListFilter(limit: try args.int("limit", default: 100))
            if let k = args.positionals.first {
                switch k {
                case "articles", "article": filter.kind = .article
                case "talks", "talk": filter.kind = .talk
                default: throw UsageError(message: "Invalid kind '\(k)': expected 'articles' or 'talks'", command: args.command)
                }
            }
            filter.category = args.value("category")
            filter.city = args.value("city")
            filter.tag = args.value("tag")
            if let since = args.value("since") {
                guard DocumentSchema.isDate(since) else {
                    throw UsageError(message: "Invalid value '\(since)' for '--since': expected YYYY-MM-DD", command: args.command)
                }
                filter.since = since
            }
            let node = try ctx.openReader(args)
            let rows = try node.list(filter)
            // Counted only when the limit was reached (a short list is
            // complete); --json stays the bare array its readers expect.
            if !args.flag("json"), rows.count == filter.limit {
                let total = try node.count(filter)
                if total > rows.count { ctx.output.note(truncationNote(shown: rows.count, of: total)) }
            }
            if args.flag("json") {
                ctx.output.printJSON(.array(rows.map(DocumentJSON.summary)))
            } else if rows.isEmpty {
                ctx.output.print("No documents match.")
            } else {
                ctx.output.print(table(rows, extra: nil).render())
            }
            return .success
        })

    /// Said on stderr, so that stdout (and `--json`) stays the rows alone.
    static func truncationNote(shown: Int, of total: Int) -> String {
        "\(shown) of \(total) shown; --limit N for more"
    }

    static func table(_ rows: [DocumentSummary], extra: String?) -> Table {
        var t = Table(headers: ["ID", "KIND", "DATE", "CITY", "CATEGORY", "TITLE"])
        for r in rows {
            let flag = r.conflictCount > 0 ? " [conflict]" : (r.siblingCount > 1 ? " [siblings]" : "")
            t.add([r.id, r.kind.rawValue, r.date, r.city, r.category, r.title + flag])
        }
        return t
    }
}
