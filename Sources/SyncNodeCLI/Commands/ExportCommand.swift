import FoundationEssentials
import SyncCore
import SyncNode

/// `syncnode export`: JSON Lines that `import` reads back identically.
enum ExportCommand {
    static let spec = CommandSpec(
        name: "export", abstract: "Write every live document as JSON Lines (one record per line, ids included).",
        options: [.value("output", "FILE", "Write to FILE instead of standard output.")],
        examples: [
            CommandExample("syncnode export --output all.jsonl",
                           "Write every live document to all.jsonl, which `syncnode import` reads back."),
        ],
        run: { args, ctx in
            let node = try ctx.openReader(args)
            // Written a record at a time, never held whole (an export of
            // 100,000 articles is about 250 MB).
            if let path = args.value("output") {
                let file = try ReplacingFile(path: path, what: "the export file",
                                            advice: "check that the directory exists, that this user may write there and that the disk has room")
                let count = try node.exportRecords { try file.write($0.jsonLine + "\n") }
                try file.commit()
                ctx.output.note("exported \(count) records to \(path)")
            } else {
                // A reader gone from the pipe (`| head`) ends the export by
                // SIGPIPE, as for any filter; where SIGPIPE is ignored the
                // writes fail quietly (there is no one left to tell).
                let out = BufferedWriter(fd: 1)
                try node.exportRecords { out.write($0.jsonLine + "\n") }
                out.flush()
            }
            return .success
        })
}
