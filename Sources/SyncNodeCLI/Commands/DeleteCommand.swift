import SyncCore
import SyncNode

/// `syncnode delete ID`: writes a tombstone revision; the history stays.
enum DeleteCommand {
    static let spec = CommandSpec(
        name: "delete", abstract: "Delete a document (a tombstone revision that syncs to peers; history is kept).",
        arguments: [.documentID],
        options: [.flag("json", "Print the tombstone revision as JSON.")],
        examples: [
            CommandExample("syncnode delete 9yk88",
                           "Delete the document whose id starts with 9yk88 (or whose part after the node name does)."),
        ],
        run: { args, ctx in
            let node = try ctx.openNode(args, readOnly: false)
            let id = try node.resolveID(args.positionals[0])
            let signed = try node.delete(id)
            if args.flag("json") { ctx.output.printJSON(DocumentJSON.revision(signed.revision)) }
            else { ctx.output.print("deleted \(id) (revision \(signed.revision.revisionID))") }
            return .success
        })
}
