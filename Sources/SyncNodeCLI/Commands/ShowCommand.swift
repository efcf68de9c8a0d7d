import SyncCore
import SyncNode

/// `syncnode show ID [--history] [--siblings]`.
enum ShowCommand {
    static let spec = CommandSpec(
        name: "show", abstract: "Show one document: its merged view, and optionally its history or siblings.",
        arguments: [.documentID],
        options: [
            .flag("history", "Also list every revision: which node wrote it, when, and what it changed."),
            .flag("siblings", "Also show each concurrent sibling revision beside the merged view."),
            .flag("json", "Print one JSON object with every field."),
        ],
        examples: [
            CommandExample("syncnode show 9yk88",
                           "The document whose id starts with 9yk88 (several matching ids are listed)."),
            CommandExample("syncnode show 9yk88 --history",
                           "With every revision: who wrote it, when, and what it changed."),
            CommandExample("syncnode show 9yk88 --siblings --json",
                           "With each concurrent version, as JSON."),
        ],
        run: { args, ctx in
            let node = try ctx.openReader(args)
            let id = try node.resolveID(args.positionals[0])
            guard let doc = try node.document(id, now: WallClock.nowMillis()) else {
                throw NodeError(.notFound, "no document with id '\(id)': `syncnode list` shows the ids, `syncnode search` finds them")
            }
            let history = args.flag("history") ? try node.history(of: id) : []
            if args.flag("json") {
                guard case .object(var o) = DocumentJSON.document(doc) else { return .failure }
                if args.flag("history") {
                    o["history"] = .array(history.map { DocumentJSON.revision($0.revision, seq: $0.seq, origin: $0.origin) })
                }
                if args.flag("siblings") {
                    o["sibling_revisions"] = .array(doc.siblings.map { DocumentJSON.revision($0) })
                }
                ctx.output.printJSON(.object(o))
                return .success
            }
            ctx.output.print(render(doc))
            if args.flag("siblings") {
                for s in doc.siblings {
                    ctx.output.print("\n--- sibling \(s.revisionID) by \(s.author)\(s.tombstone ? " (delete)" : "")")
                    for key in s.content.sortedKeys where key != "body" && key != "notes" {
                        ctx.output.print("  \(key): \(DocumentJSON.text(s.content[key]))")
                    }
                }
            }
            if args.flag("history") {
                ctx.output.print("\nHISTORY")
                var t = Table(headers: ["SEQ", "REVISION", "AUTHOR", "FROM", "DELETE", "CONTEXT"])
                for h in history {
                    t.add([String(h.seq), h.revision.revisionID, h.revision.author, h.origin ?? "(local)",
                           h.revision.tombstone ? "yes" : "", h.revision.context.sortedEntries.map { "\($0.actor):\($0.counter)" }.joined(separator: " ")])
                }
                ctx.output.print(t.render())
            }
            return .success
        })

    static func render(_ doc: StoredDocument) -> String {
        var lines = ["\(doc.content.text("title"))", "id: \(doc.id)   kind: \(doc.kind.rawValue)   revision: \(doc.winner)"]
        if doc.deleted { lines.append("DELETED") }
        if doc.siblings.count > 1 {
            lines.append("CONFLICT: \(doc.siblings.count) concurrent revisions (\(doc.siblings.map(\.revisionID).joined(separator: ", "))); `syncnode show \(doc.id) --siblings` compares them")
        }
        for c in doc.view.conflicts {
            lines.append("  field '\(c.field)' differs: " + c.values.map { "\($0.revisionID)=\(DocumentJSON.text($0.value).prefix(40))" }.joined(separator: " | "))
        }
        if doc.view.deleteConflict { lines.append("  one city deleted it while another edited it: the edit is shown") }
        lines.append("")
        for spec in DocumentSchema.fields(for: doc.kind) where spec.name != "title" {
            let v = DocumentJSON.text(doc.content[spec.name])
            if v.isEmpty { continue }
            if spec.name == "body" || spec.name == "notes" || spec.name == "abstract" {
                lines.append("\(spec.name):\n\(v)\n")
            } else {
                lines.append("\(spec.name): \(v)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
