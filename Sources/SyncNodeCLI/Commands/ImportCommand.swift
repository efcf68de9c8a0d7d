import SyncCore
import SyncNode

/// `syncnode import PATH`: JSON, JSON Lines or Markdown, a file or a tree, all or nothing.
enum ImportCommand {
    static let spec = CommandSpec(
        name: "import", abstract: "Import articles and talks from JSON, JSON Lines or Markdown files, in one transaction.",
        discussion: "PATH is a file or a directory (searched recursively for .json, .jsonl, .ndjson and .md). Either every record is imported or none: an error names the file, the line and the field. A record with the id of an existing document updates it.",
        arguments: [ArgumentSpec(name: "path", help: "A file or directory.", variadic: true)],
        options: [.flag("json", "Print the summary as JSON."), .flag("quiet", "Print nothing but errors.")],
        run: { args, ctx in
            var records: [(record: DocumentRecord, file: String, line: Int)] = []
            var files = Set<String>()
            for path in args.positionals {
                let found = try RecordReader.read(path: path)
                records += found
                found.forEach { files.insert($0.file) }
            }
            let node = try ctx.openNode(args, readOnly: false)
            let summary = try node.importRecords(records, files: files.count)
            if args.flag("json") {
                ctx.output.printJSON(.object([
                    "files": .double(Double(summary.files)), "created": .double(Double(summary.created)),
                    "updated": .double(Double(summary.updated)), "unchanged": .double(Double(summary.unchanged)),
                    "ids": .array(summary.ids.map { .string($0) }),
                ]))
            } else if !ctx.output.quiet {
                ctx.output.print("imported \(records.count) records from \(summary.files) files: \(summary.created) created, \(summary.updated) updated, \(summary.unchanged) unchanged")
            }
            return .success
        })
}
