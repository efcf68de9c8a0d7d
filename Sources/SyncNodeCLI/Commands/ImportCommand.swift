import FoundationEssentials
import SyncCore
import SyncNode

/// `syncnode import PATH`: JSON, JSON Lines or Markdown, a file or a tree, all or nothing.
enum ImportCommand {
    static let spec = CommandSpec(
        name: "import", abstract: "Import articles and talks from JSON, JSON Lines or Markdown files, in one transaction.",
        discussion: """
            PATH is a file or a directory (searched recursively for .json, .jsonl, .ndjson and .md). Either every record is imported or none: an error names the file, the line and the field.

            Importing the same files again changes nothing. Each record is matched to at most one document: a record whose id is in the store updates that document (an id that is there as the other kind is refused); an id of this node that the store lacks is created under that id; otherwise (no id, or another node's) a live document of the same kind with identical content is left unchanged, else one with the same source_url (the smallest id if several; talks have none) is updated; otherwise the record is created. Only the node named before the first '.' of an id may create it: a record with another node's id that this store lacks (another node's export) is created under a new id of this node, keeping its source_url, and the new id is reported ("reassigned" in --json).
            """,
        arguments: [ArgumentSpec(name: "path", help: "A file or directory.", variadic: true)],
        options: [.flag("json", "Print the summary as JSON."), .flag("quiet", "Print nothing but errors.")],
        examples: [
            CommandExample("syncnode import Fixtures/cities",
                           "Import every .json, .jsonl, .ndjson and .md file under Fixtures/cities."),
            CommandExample("syncnode import articles.jsonl talks/ --json",
                           "Import a file and a directory in one transaction; print the summary as JSON."),
        ],
        run: { args, ctx in
            // Each path is checked before the store is opened; the records
            // are then streamed twice (match, then write), never all held.
            for path in args.positionals { _ = try RecordReader.files(at: path) }
            let node = try ctx.openNode(args, readOnly: false)
            // The stream is read twice: records read (matching), then written.
            let progress = ProgressLine(output: ctx.output)
            let started = Date()
            var passes = 0, read = 0, written = 0
            let json = args.flag("json")
            let summary: ImportSummary
            do {
                // The ids are held only to be printed, with --json; the
                // reassigned ids are printed as they are read back.
                summary = try node.importRecords(listIDs: json) { body in
                    passes += 1
                    try RecordReader.forEachRecord(paths: args.positionals) { record, file, line in
                        try body(record, file, line)
                        if passes == 1 { read += 1 } else { written += 1 }
                        if (read + written) % 64 == 0 { progress.showImport(read: read, written: written, since: started) }
                    }
                } report: { summary, forEachReassigned in
                    ctx.output.endProgress()
                    guard !json, !ctx.output.quiet else { return }
                    let reassigned = summary.reassignedCount == 0 ? ""
                        : "; \(summary.reassignedCount) had ids of other nodes and got new ids of \(node.identity.name)"
                    ctx.output.print("imported \(summary.records) records from \(summary.files) files: \(summary.created) created, \(summary.updated) updated, \(summary.unchanged) unchanged\(reassigned)")
                    try forEachReassigned { ctx.output.print("  \($0.from) -> \($0.to)") }
                }
            } catch {
                ctx.output.endProgress()   // the error starts on a clean line
                throw error
            }
            if json {
                ctx.output.printJSON(.object([
                    "files": .double(Double(summary.files)), "records": .double(Double(summary.records)),
                    "created": .double(Double(summary.created)),
                    "updated": .double(Double(summary.updated)), "unchanged": .double(Double(summary.unchanged)),
                    "ids": .array(summary.ids.map { .string($0) }),
                    "reassigned": .array(summary.reassigned.map { .object(["from": .string($0.from), "to": .string($0.to)]) }),
                ]))
            }
            return .success
        })
}
