import FoundationEssentials
import SyncCore
import SyncNode

/// `syncnode pull`, `syncnode push` and `syncnode sync`: one runner, three
/// directions. Exit 0 when every peer synced, 69 when some failed, 1 when
/// this node's own side failed (its store or disk), 75 when another run
/// holds the lock.
enum SyncCommand {
    static let pull = make(name: "pull", abstract: "Pull new revisions from peers (all peers when none is named).", pull: true, push: false)
    static let push = make(name: "push", abstract: "Push this node's revisions that peers have not acknowledged.", pull: false, push: true)
    static let sync = make(name: "sync", abstract: "Pull then push with every peer (or those named), several at once; for timers and cron.", pull: true, push: true)

    static func make(name: String, abstract: String, pull: Bool, push: Bool) -> CommandSpec {
        var options: [OptionSpec] = [
            .value("concurrency", "N", "Peers synced at once (default 4)."),
            .value("attempts", "N", "Attempts per peer for transient failures (default 3)."),
            .value("timeout", "SECONDS", "Per-request timeout (default 120); connecting is limited to 10 s."),
            .value("deadline", "SECONDS", "Time allowed for each peer's whole pull and push, retries included (default 900); a slower peer is cut off and the run moves on."),
            .flag("json", "Print the per-peer report as JSON."),
            .flag("quiet", "Print nothing but errors."),
            .value("log-format", "FORMAT", "text (default) or json."),
            .value("metrics-file", "PATH", "Write the run's metrics and each peer's state for node_exporter's textfile collector (replaced atomically)."),
        ]
        if name == "sync" {
            options.append(.flag("ignore-backoff", "Try peers that are backing off after failed runs now."))
            options.append(.flag("backoff-ok", "Peers skipped by back-off do not make the run fail: exit 0 unless a peer tried now failed (for timers; with --quiet nothing is printed for them)."))
        }
        if pull {
            options.append(.flag("from-start", "Re-read each peer's whole change log from the beginning, own revisions included (repair; safe to repeat)."))
        }
        return CommandSpec(
            name: name, abstract: abstract,
            discussion: "Exit status: 0 when every peer synced, 69 when one or more failed or were skipped by back-off (the report says why; `sync --backoff-ok` exits 0 when the only trouble is peers skipped by back-off), 1 when this node failed (its store or disk: the message says what to do), 75 when another run holds the lock.",
            arguments: [ArgumentSpec(name: "peer", help: "Peer names (default: every trusted peer).", optional: true, variadic: true)],
            options: options,
            examples: examples(name),
            run: { args, ctx in
                var options = SyncOptions()
                options.pull = pull
                options.push = push
                options.peers = args.positionals
                options.concurrency = try args.int("concurrency", default: 4, range: 1...64)
                options.attempts = try args.int("attempts", default: 3, range: 1...10)
                options.timeouts.request = .seconds(try args.int("timeout", default: 120, range: 1...86_400))
                options.deadline = .seconds(try args.int("deadline", default: 900, range: 1...86_400))
                options.respectBackoff = name == "sync" && args.positionals.isEmpty && !args.flag("ignore-backoff")
                options.fromStart = pull && args.flag("from-start")
                options.fetchPeerHead = pull && ctx.output.stderrIsTerminal && !ctx.output.quiet && !args.flag("json")
                let home = ctx.home(args)
                try home.requireExists()
                let lock = try RunLock(path: home.lockPath)
                defer { withExtendedLifetime(lock) {} }
                let log = Logger(format: try ServeCommand.logFormat(args), enabled: !ctx.output.quiet && args.value("log-format") != nil)
                let metricsFile = args.value("metrics-file")
                let metrics = metricsFile.map { _ in MetricsFile.forRun() }
                let (runner, store) = try SyncRunner.forHome(home, metrics: metrics, log: log) { ctx.warnRestored($0, actor: $1) }
                let output = ctx.output
                let progress = ProgressLine(output: output)
                let reports = try runner.run(options, kind: name, recorder: store) { peer, report in progress.show(peer: peer, report) }
                output.endProgress()
                if args.flag("json") {
                    output.printJSON(.object(["peers": .array(reports.map(\.json)), "ok": .bool(reports.allSatisfy(\.ok))]))
                } else if !output.quiet {
                    output.print(table(reports).render())
                }
                for r in reports {
                    if let adopted = r.keyAdopted {
                        output.error("note: \(r.peer) rotated its key: now trusting \(adopted), which the key this node trusted signed; the old key stays valid for \(r.peer)'s older revisions (peers/\(r.peer).json updated)")
                    }
                }
                if !output.quiet {
                    for r in reports {
                        for x in [r.pull, r.push].compactMap({ $0 }) {
                            if x.restoreDetected {
                                output.error("warning: \(r.peer) holds writes of this node that its store had lost: it was restored from a backup. It is pulling them back from every peer and writes under a new epoch from now on (docs/operations.md, \"Restoring a node\")")
                            }
                            for w in x.warnings { output.error("warning: \(w)") }
                        }
                    }
                }
                if let metricsFile, let metrics {
                    try MetricsFile.write(reports, kind: name, metrics: metrics, home: home, identity: runner.identity, to: metricsFile)
                }
                // A skipped peer was reported when it failed; a timer run with
                // --backoff-ok --quiet says nothing about it again.
                let backoffOK = args.flag("backoff-ok")
                for r in reports where !r.ok {
                    if r.status == "skipped" && backoffOK && output.quiet { continue }
                    output.error("\(r.status == "skipped" ? "skipped" : "failed") \(r.peer): \(r.error ?? "")")
                }
                // This node's own failure (its store, its disk) is not the peers': exit 1.
                if reports.contains(where: \.failedLocally) { return .failure }
                if backoffOK && reports.allSatisfy({ $0.ok || $0.status == "skipped" }) { return .success }
                return reports.allSatisfy(\.ok) ? .success : .peerFailed
            })
    }

    static func examples(_ name: String) -> [CommandExample] {
        switch name {
        case "pull":
            return [CommandExample("syncnode pull", "Pull new revisions from every trusted peer."),
                    CommandExample("syncnode pull singapore --from-start", "Read singapore's whole change log again (repair; safe to repeat).")]
        case "push":
            return [CommandExample("syncnode push singapore", "Push to singapore the revisions it has not acknowledged.")]
        default:
            return [CommandExample("syncnode sync", "Pull then push with every peer; one table row per peer and direction."),
                    CommandExample("syncnode sync --quiet --backoff-ok --metrics-file /var/lib/node_exporter/textfile/syncnode.prom",
                                   "From a timer: silent unless a peer tried now fails; metrics for node_exporter."),
                    CommandExample("syncnode sync --ignore-backoff --json", "Try every peer now, those backing off too; the report as JSON.")]
        }
    }

    static func table(_ reports: [PeerRunReport]) -> Table {
        var t = Table(headers: ["PEER", "STATUS", "DIR", "RECEIVED", "APPLIED", "HAD", "CONFLICTS", "REJECTED", "BYTES", "TIME"])
        t.maxWidth = 80
        for r in reports {
            let transfers = [r.pull, r.push].compactMap { $0 }
            if transfers.isEmpty { t.add([r.peer, r.status, "-", "", "", "", "", "", "", ""]) }
            for x in transfers {
                t.add([r.peer, r.status, x.direction, String(x.received), String(x.applied), String(x.alreadyHad),
                       String(x.conflicts), String(x.rejected), String(x.bytes), NumberText.fixed(x.seconds, 2) + "s"])
            }
        }
        return t
    }
}
