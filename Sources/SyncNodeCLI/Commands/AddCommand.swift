import FoundationEssentials
import SyncCore
import SyncNode

/// `syncnode article add` and `syncnode talk add`: one option per field
/// (`--published-date` for `published_date`), or `--file` with a record.
enum AddCommand {
    /// `published_date` -> `published-date`. Every command builds this
    /// spec at start-up (`CommandTree.root`), so it stays off Foundation's
    /// NSString bridge, which cost a start-up half a millisecond.
    static func flagName(_ field: String) -> String { String(field.map { $0 == "_" ? "-" : $0 }) }

    /// `published_date` -> `published date`, for help texts.
    static func words(_ field: String) -> String { String(field.map { $0 == "_" ? " " : $0 }) }

    static func spec(_ kind: DocumentKind) -> CommandSpec {
        var options = DocumentSchema.fields(for: kind).map { field -> OptionSpec in
            let flag = flagName(field.name)
            switch field.format {
            case .labels: return .value(flag, "TAG", "A tag (lowercase, hyphens); comma-separated lists work too.", repeatable: true)
            case .date: return .value(flag, "YYYY-MM-DD", "The \(words(field.name)).")
            case .url: return .value(flag, "URL", "An http(s) URL.")
            case .text: return .value(flag, "TEXT", "The \(words(field.name)) (at most \(field.maxBytes) bytes)\(field.required ? "; required" : "").")
            }
        }
        options.append(.value("file", "FILE", "Read the \(kind.rawValue) from a JSON or Markdown file instead (flags override its fields)."))
        options.append(.flag("json", "Print the new document as JSON."))
        return CommandSpec(name: "add", abstract: "Add a new \(kind.rawValue).", options: options, examples: examples(kind)) { args, ctx in
            var content = Content()
            var id: String?
            if let file = args.value("file") {
                let records = try RecordReader.read(path: file)
                guard records.count == 1 else {
                    throw NodeError(.data, "\(file) holds \(records.count) records; `add --file` takes one (use `syncnode import` for many)")
                }
                guard records[0].record.kind == kind else {
                    throw NodeError(.data, "\(file) holds \(records[0].record.kind.withArticle), not \(kind.withArticle)")
                }
                content = records[0].record.content
                id = records[0].record.id
            }
            for field in DocumentSchema.fields(for: kind) {
                let flag = flagName(field.name)
                if field.format == .labels {
                    let tags = args.values(flag).flatMap { $0.split(separator: ",").map { $0.trimmingWhitespace() } }
                    if !tags.isEmpty { content[field.name] = .list(tags) }
                } else if let v = args.value(flag) {
                    content[field.name] = .text(v)
                }
            }
            let node = try ctx.openNode(args, readOnly: false)
            let newID = try node.add(DocumentRecord(id: id, kind: kind, content: content))
            if args.flag("json") {
                if let doc = try node.document(newID, now: WallClock.nowMillis()) { ctx.output.printJSON(DocumentJSON.document(doc)) }
            } else {
                ctx.output.print(newID)
            }
            return .success
        }
    }

    static func examples(_ kind: DocumentKind) -> [CommandExample] {
        switch kind {
        case .article:
            return [
                CommandExample("syncnode article add --title \"Open data in Birmingham\" --city birmingham --category transport --tags open-data,smart-city --published-date 2026-11-02",
                               "Add an article; prints its new id."),
                CommandExample("syncnode article add --file draft.md --language en-GB",
                               "Add the article in draft.md (Markdown with front matter, or JSON); --language overrides its language."),
            ]
        case .talk:
            return [
                CommandExample("syncnode talk add --title \"Flood sensors at scale\" --speaker \"Mei Tan\" --event \"Smart Cities Week\" --event-date 2026-10-14 --city singapore",
                               "Add a talk; prints its new id."),
                CommandExample("syncnode talk add --file talk.json --json",
                               "Add the talk in talk.json and print it as JSON."),
            ]
        }
    }
}
