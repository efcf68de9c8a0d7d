import SyncCore
import SyncNode

/// `syncnode conflicts`: documents with concurrent versions, field by field.
/// Every node holding the same revisions prints the same list.
enum ConflictsCommand {
    static let spec = CommandSpec(
        name: "conflicts", abstract: "List documents with concurrent versions, with the per-field difference.",
        discussion: "A field conflict shows the common base until someone resolves it with `syncnode resolve`. See docs/conflicts.md.",
        options: [.flag("json", "Print a JSON array.")],
        examples: [
            CommandExample("syncnode conflicts",
                           "Every document with concurrent versions, field by field."),
            CommandExample("syncnode conflicts --json",
                           "The same as a JSON array, for scripts."),
        ],
        run: { args, ctx in
            let node = try ctx.openReader(args)
            let reports = try node.conflictReports()
            for r in reports where r.tooManySiblings {
                ctx.output.error("WARNING: \(r.documentID) has \(r.siblingIDs.count) concurrent versions (threshold \(ConflictReport.siblingWarningThreshold)): resolve it soon")
            }
            if args.flag("json") {
                ctx.output.printJSON(.array(reports.map(json)))
            } else if reports.isEmpty {
                ctx.output.print("No conflicts.")
            } else {
                ctx.output.print(reports.map(\.description).joined(separator: "\n\n"))
            }
            return .success
        })

    static func json(_ r: ConflictReport) -> JSONValue {
        .object([
            // `revision` repeats `winner` under the name `show --json` uses (docs/cli.md).
            "id": .string(r.documentID), "kind": .string(r.kind.rawValue), "winner": .string(r.winnerID), "revision": .string(r.winnerID),
            "siblings": .array(r.siblingIDs.map { .string($0) }), "base": r.baseID.map { .string($0) } ?? .null,
            "delete_conflict": .bool(r.deleteConflict), "deleted_by": .array(r.deletedBy.map { .string($0) }),
            "needs_resolution": .bool(r.needsResolution), "too_many_siblings": .bool(r.tooManySiblings),
            "skewed": .array(r.skewedIDs.map { .string($0) }),
            "fields": .array(r.fields.map { f in
                .object([
                    "field": .string(f.field), "base": DocumentJSON.value(f.base), "shown": DocumentJSON.value(f.shown),
                    "conflict": .bool(f.conflict), "delete_vs_edit": .bool(f.deleteVsEdit),
                    "values": .array(f.values.map {
                        .object(["revision": .string($0.revisionID), "value": DocumentJSON.value($0.value), "tombstone": .bool($0.tombstone)])
                    }),
                ])
            }),
        ])
    }
}
