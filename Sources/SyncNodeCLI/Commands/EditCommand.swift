import SyncCore
import SyncNode

/// `syncnode edit ID --set field=value ...` and `syncnode delete ID`.
enum EditCommand {
    static let spec = CommandSpec(
        name: "edit", abstract: "Change fields of a document (writes a new signed revision).",
        discussion: "Field names are those of import and export (snake_case). For tags give a comma-separated list: --set tags=open-data,smart-city.",
        arguments: [.documentID],
        options: [
            .value("set", "FIELD=VALUE", "Set a field.", repeatable: true),
            .value("unset", "FIELD", "Clear a field.", repeatable: true),
            .flag("json", "Print the new revision as JSON."),
        ],
        examples: [
            CommandExample("syncnode edit 9yk88 --set summary=\"Figures updated for 2026\"",
                           "Set one field of the document whose id starts with 9yk88."),
            CommandExample("syncnode edit 9yk88 --set tags=open-data,transport --unset language",
                           "Replace its tags and clear its language."),
        ],
        run: { args, ctx in
            let typed = args.positionals[0]
            var changes: [String: FieldValue?] = [:]
            for pair in args.values("set") {
                let (field, value) = try FieldAssignment.parse(pair, option: "set", command: args.command)
                changes[field] = value
            }
            for field in args.values("unset") { changes[field] = .some(nil) }
            if changes.isEmpty {
                throw UsageError(message: "Nothing to change: give --set FIELD=VALUE or --unset FIELD", command: args.command)
            }
            let node = try ctx.openNode(args, readOnly: false)
            let id = try node.resolveID(typed)
            let signed = try node.edit(id, set: changes)
            if args.flag("json") { ctx.output.printJSON(DocumentJSON.revision(signed.revision)) }
            else { ctx.output.print("\(id) is now at revision \(signed.revision.revisionID)") }
            return .success
        })
}

extension String {
    var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
