import SyncCore
import SyncNode

/// `syncnode rejected`: revisions received from peers, correctly signed,
/// that this node could not accept. They no longer block a link, so this
/// list is where an operator sees what did not arrive and why.
enum RejectedCommand {
    static let spec = CommandSpec(
        name: "rejected", abstract: "List revisions received from peers that this node refused, and why.",
        discussion: """
            A refused revision (another city's id namespace, a schema break, the other kind than the stored document, a reused write counter, an author this node does not trust) is recorded here; the rest of its page or push is applied. CODE is a stable label: not_owner, invalid_content, kind_mismatch, reused_counter, unknown_author, revoked_key. After fixing the cause (e.g. `syncnode peer add` for an unknown author), `syncnode pull PEER --from-start` reads the peer's log again.
            """,
        options: [.value("limit", "N", "At most N revisions (default 100)."), .flag("json", "Print as JSON.")],
        examples: [
            CommandExample("syncnode rejected",
                           "Revisions this node refused from peers, and why."),
            CommandExample("syncnode rejected --limit 10 --json",
                           "The ten most recent, as JSON."),
        ],
        run: { args, ctx in
            let node = try ctx.openReader(args)
            let rejected = try node.rejectedRevisions(limit: try args.int("limit", default: 100, range: 1...1_000_000))
            if args.flag("json") {
                ctx.output.printJSON(.array(rejected.map { r in
                    .object([
                        // `id` repeats `document_id` under the name every document listing uses (docs/cli.md).
                        "revision": .string(r.revisionID), "document_id": .string(r.documentID), "id": .string(r.documentID), "kind": .string(r.kind),
                        "author": .string(r.author), "peer": .string(r.peer), "code": .string(r.code),
                        "reason": .string(r.reason), "first_seen": .string(StatusCommand.time(r.firstSeen)),
                        "last_seen": .string(StatusCommand.time(r.lastSeen)), "times": .double(Double(r.times)),
                    ])
                }))
                return .success
            }
            if rejected.isEmpty { ctx.output.print("No rejected revisions."); return .success }
            var t = Table(headers: ["REVISION", "DOCUMENT", "AUTHOR", "FROM", "CODE", "LAST SEEN"])
            for r in rejected { t.add([r.revisionID, r.documentID, r.author, r.peer, r.code, StatusCommand.time(r.lastSeen)]) }
            ctx.output.print(t.render())
            for r in rejected { ctx.output.print("\(r.revisionID): \(r.reason)") }
            return .success
        })
}
