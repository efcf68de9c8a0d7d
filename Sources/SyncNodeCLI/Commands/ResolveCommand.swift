import FoundationEssentials
import Glibc
import Subprocess
import SyncCore
import SyncNode

/// `syncnode resolve ID --keep REV | --field name=REV ... | --set field=value ... | --edit`.
enum ResolveCommand {
    static let spec = CommandSpec(
        name: "resolve", abstract: "Resolve a document's conflict by writing a revision that supersedes every sibling.",
        discussion: "REV is a sibling's revision id (actor:counter) as `syncnode show ID --siblings` or `syncnode conflicts` list them.",
        arguments: [.documentID],
        options: [
            .value("keep", "REV", "Keep this sibling as it is (its content, or its delete)."),
            .value("field", "NAME=REV", "Take this field from that sibling; other fields keep the merged view.", repeatable: true),
            .value("set", "FIELD=VALUE", "Start from the merged view and set this field.", repeatable: true),
            .flag("edit", "Edit the merged view in $EDITOR (JSON) and save the result."),
            .flag("json", "Print the resolving revision as JSON."),
        ],
        examples: [
            CommandExample("syncnode resolve 9yk88 --keep singapore:8",
                           "Keep singapore's version as it is."),
            CommandExample("syncnode resolve 9yk88 --field title=singapore:8",
                           "Take the title from singapore's version, the rest from the merged view."),
            CommandExample("syncnode resolve 9yk88 --edit",
                           "Edit the merged view in $EDITOR and save it as the resolution."),
        ],
        run: { args, ctx in
            let chosen = [args.value("keep") != nil, !args.values("field").isEmpty, !args.values("set").isEmpty, args.flag("edit")].filter { $0 }
            guard chosen.count == 1 else {
                throw UsageError(message: "Give exactly one of --keep REV, --field NAME=REV, --set FIELD=VALUE or --edit", command: args.command)
            }
            let node = try ctx.openNode(args, readOnly: false)
            let id = try node.resolveID(args.positionals[0])
            let resolution: Resolution
            if let keep = args.value("keep") {
                resolution = .keep(try dot(keep, args))
            } else if !args.values("field").isEmpty {
                var choices: [String: Dot] = [:]
                for pair in args.values("field") {
                    guard let eq = pair.firstIndex(of: "=") else {
                        throw UsageError(message: "Invalid value '\(pair)' for '--field': expected NAME=REV", command: args.command)
                    }
                    choices[String(pair[..<eq])] = try dot(String(pair[pair.index(after: eq)...]), args)
                }
                resolution = .fields(choices)
            } else {
                guard let doc = try node.document(id, now: WallClock.nowMillis()) else {
                    throw NodeError(.notFound, "no document with id '\(id)'")
                }
                var content = doc.content
                if args.flag("edit") {
                    content = try edit(DocumentRecord(id: id, kind: doc.kind, content: content), ctx: ctx)
                } else {
                    for pair in args.values("set") {
                        let (field, value) = try FieldAssignment.parse(pair, option: "set", command: args.command)
                        content[field] = value
                    }
                }
                resolution = .content(content)
            }
            let signed = try node.resolve(id, with: resolution)
            if args.flag("json") { ctx.output.printJSON(DocumentJSON.revision(signed.revision)) }
            else { ctx.output.print("resolved \(id) with revision \(signed.revision.revisionID)") }
            return .success
        })

    static func dot(_ text: String, _ args: ParsedArguments) throws -> Dot {
        guard let d = Dot(text) else {
            throw UsageError(message: "Invalid revision '\(text)': expected actor:counter, e.g. birmingham:12", command: args.command)
        }
        return d
    }

    /// Opens the record in $EDITOR and reads it back.
    static func edit(_ record: DocumentRecord, ctx: CommandContext) throws -> Content {
        let path = FileManager.default.temporaryDirectory.path + "/syncnode-resolve-\(getpid()).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard FileManager.default.createFile(atPath: path, contents: Data((record.json.prettyText() + "\n").utf8)) else {
            throw NodeError(.failure, "cannot write \(path)")
        }
        let editor = ctx.environment["VISUAL"] ?? ctx.environment["EDITOR"] ?? "vi"
        // On the terminal: the editor reads and writes this process's own
        // streams. Ctrl-C is the editor's to handle (it starts with default
        // signal actions) and must not end this process meanwhile, which
        // would leave the file behind and the editor orphaned (as git does).
        let interrupt = signal(SIGINT, SIG_IGN)
        let quit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, interrupt)
            signal(SIGQUIT, quit)
        }
        let status = try RunningProcess("/bin/sh", ["-c", "\(editor) \"$1\"", "sh", path],
                                        stdin: .inherit, stdout: .inherit, stderr: .inherit).waitForExit(within: nil)
        guard status == 0 else {
            throw NodeError(.failure, "the editor (\(editor)) exited with \(status.map(String.init) ?? "?"): nothing was resolved")
        }
        let records = try RecordReader.read(path: path)
        guard records.count == 1, records[0].record.kind == record.kind else {
            throw NodeError(.data, "the edited file must hold the one \(record.kind.rawValue): nothing was resolved")
        }
        return records[0].record.content
    }
}
