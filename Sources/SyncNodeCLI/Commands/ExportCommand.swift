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
            let lines = try node.exportRecords().map(\.jsonLine)
            let text = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
            if let path = args.value("output") {
                guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                    throw NodeError(.cannotCreate, "cannot write \(path): check the directory exists and is writable")
                }
                ctx.output.note("exported \(lines.count) records to \(path)")
            } else {
                StandardStream.output.write(text)
            }
            return .success
        })
}
