import FoundationEssentials
import SyncCore
import SyncDemo
import SyncNode

/// `syncnode demo`: the three-city federation, narrated.
enum DemoCommand {
    static let spec = CommandSpec(
        name: "demo", abstract: "Run the three-city demo federation (birmingham, singapore, new-york) on loopback, narrated.",
        discussion: "Creates three nodes in a temporary directory from Fixtures/ and peers/, a throwaway CA, starts their HTTPS servers (each with its read-only web view and Atom feeds at /), federates them, makes two concurrent edits and searches across cities. Stops every server it started unless --keep is given.",
        options: [
            .flag("keep", "Leave the nodes and their servers running, and print how to query and stop them."),
            .value("project", "DIR", "The directory holding Fixtures/ and peers/ (default: found from the working directory)."),
            .flag("json", "Print the summary as one JSON object (nodes with name, home, url, web_url and pid)."),
            .flag("quiet", "Do not narrate."),
        ],
        examples: [
            CommandExample("syncnode demo",
                           "Run the three-city federation on loopback, narrated, then stop it."),
            CommandExample("syncnode demo --keep",
                           "Leave the three nodes running to query and browse them."),
        ],
        run: { args, ctx in
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            guard let project = args.value("project") ?? DemoRunner.locateProject(executable: executable) else {
                throw NodeError(.notFound, "cannot find Fixtures/ and peers/: run the demo from the syncnode checkout, or pass --project DIR")
            }
            let json = args.flag("json")
            let output = ctx.output
            let narrate: (String) -> Void = { line in
                if json { output.note(line) } else if !output.quiet { output.print(line) }
            }
            let runner = DemoRunner(fixtures: project + "/Fixtures", peers: project + "/peers", executable: executable,
                                    keep: args.flag("keep"), narrate: narrate)
            let summary = try runner.run()
            if json {
                output.printJSON(summary.json)
            } else {
                var t = Table(headers: ["NODE", "URL", "PID", "DOCUMENTS", "CONFLICTS", "SHARED ARTICLE VIEW"])
                for n in summary.nodes {
                    t.add([n.name, n.url, summary.kept ? String(n.pid) : "stopped", String(n.documents), String(n.conflicts), n.viewDigest])
                }
                output.print("\n" + t.render())
                output.print("\n\(summary.ok ? "Demo succeeded" : "Demo FAILED") in \(NumberText.fixed(summary.seconds, 1)) s: "
                             + "every node holds every fixture: \(yes(summary.everyNodeHoldsEveryFixture)); "
                             + "same merged view everywhere: \(yes(summary.mergedViewIdentical && summary.fieldMergeClean)); "
                             + "same conflict everywhere: \(yes(summary.conflictIdentical)); "
                             + "cross-city search: \(yes(summary.searchFoundOtherCitysTalk)).")
                if !summary.kept {
                    output.print("\nEach city's web view (its URL, path /) stopped with the demo: run `syncnode demo --keep` to browse them.")
                }
                if summary.kept, let first = summary.nodes.first {
                    output.print("\nThe nodes are still running. Try:")
                    output.print("  syncnode --home \(first.home) search \"customer service\"")
                    output.print("  syncnode --home \(first.home) conflicts")
                    output.print("  syncnode --home \(first.home) status")
                    output.print("Browse each city's knowledge (the demo's own CA signs their certificates: trust \(summary.directory)/tls/demo-ca.pem, or accept the browser's warning):")
                    for n in summary.nodes { output.print("  \(n.name): \(n.webURL)") }
                    output.print("  curl --cacert \(summary.directory)/tls/demo-ca.pem \(first.webURL)feed.atom")
                    output.print("Stop them with: kill \(summary.nodes.map { String($0.pid) }.joined(separator: " "))   and remove \(summary.directory)")
                }
            }
            return summary.ok ? .success : .failure
        })

    static func yes(_ b: Bool) -> String { b ? "yes" : "NO" }
}
