import SyncCore
import SyncNode

/// `syncnode runs`: the recorded federation runs, newest first. A run whose
/// process died without finishing it shows as `interrupted` (computed here:
/// a read-only query writes nothing; the next sync run records it).
enum RunsCommand {
    static let spec = CommandSpec(
        name: "runs", abstract: "List recorded sync runs, newest first.",
        options: [.value("limit", "N", "At most N runs (default 20)."), .flag("json", "Print as JSON.")],
        examples: [
            CommandExample("syncnode runs --limit 5",
                           "The last five sync runs and how each ended."),
            CommandExample("syncnode runs --json",
                           "The runs with each peer's report, as JSON."),
        ],
        run: { args, ctx in
            let node = try ctx.openReader(args)
            let runs = try node.runs(limit: try args.int("limit", default: 20))
            if args.flag("json") {
                ctx.output.printJSON(.array(runs.map { r in
                    .object([
                        "id": .double(Double(r.id)), "kind": .string(r.kind), "outcome": .string(r.outcome),
                        "started_at": .string(StatusCommand.time(r.startedAt)),
                        "finished_at": r.finishedAt.map { .string(StatusCommand.time($0)) } ?? .null,
                        "peers": (try? JSONParser.parse(r.report)) ?? .null,
                        "reason": r.reason.map { .string($0) } ?? .null,
                        "pid": r.process.map { .int(Int($0.pid)) } ?? .null,
                    ])
                }))
                return .success
            }
            if runs.isEmpty { ctx.output.print("No runs yet."); return .success }
            var t = Table(headers: ["RUN", "KIND", "STARTED", "OUTCOME", "REASON"])
            t.maxWidth = 80
            for r in runs { t.add([String(r.id), r.kind, StatusCommand.time(r.startedAt), r.outcome, r.reason ?? ""]) }
            ctx.output.print(t.render())
            return .success
        })
}
