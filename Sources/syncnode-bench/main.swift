import Foundation

// syncnode-bench: see `BenchCommand.help`. Hidden subcommands starting with
// `_` are the child processes of the sync benchmark.

func runMain() -> Int32 {
    let args = Array(CommandLine.arguments.dropFirst())
    if let first = args.first, first.hasPrefix("_") {
        do {
            print(try SyncChild.run(args).text)
            return 0
        } catch {
            FileHandle.standardError.write(Data("syncnode-bench \(first): \(error)\n".utf8))
            return 1
        }
    }
    let command: BenchCommand
    do {
        guard let parsed = try BenchCommand.parse(args) else {
            print(BenchCommand.help)
            return 0
        }
        command = parsed
    } catch {
        FileHandle.standardError.write(Data("Error: \(error)\nUsage: \(BenchCommand.usage)\n  See 'syncnode-bench --help' for more information.\n".utf8))
        return 64
    }
    #if DEBUG
    if !command.allowDebug {
        FileHandle.standardError.write(Data("""
            Error: this is a debug build, whose timings are meaningless. Build in release mode:
              swift build -c release --scratch-path .build-bench --product syncnode-bench
            (or pass --allow-debug to run anyway, e.g. to test the benchmark itself)

            """.utf8))
        return 1
    }
    Progress.say("WARNING: debug build: the numbers below are not representative")
    #endif
    do {
        let n = command.count ?? 100_000
        var report: BenchReport
        switch command.benchmark {
        case .store: report = try StoreBenchmark(count: n).run()
        case .merge: report = try MergeBenchmark(count: n).run()
        case .sync: report = try SyncBenchmark(count: n).run()
        case .serve:
            report = try ServeBenchmark(count: command.count ?? 1000, peers: command.peers, pushers: command.pushers,
                                        requests: command.requests).run()
        }
        #if DEBUG
        report.set("debug_build", true)
        report.notes.append("DEBUG BUILD: these numbers are not representative; build with -c release.")
        #endif
        print(command.json ? report.jsonText() : report.table())
        return 0
    } catch {
        FileHandle.standardError.write(Data("syncnode-bench \(command.benchmark.rawValue) failed: \(error)\n".utf8))
        return 1
    }
}

exit(runMain())
