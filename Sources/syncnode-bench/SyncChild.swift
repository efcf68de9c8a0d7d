import Foundation
import SyncCore
import SyncCrypto
import SyncNode

/// The hidden subcommands the sync benchmark runs as child processes, so
/// that the pulling (or pushing) node's peak memory is its own:
///
///     _pull  --home DIR --peer NAME     a pull-only `syncnode sync` run (SyncRunner)
///     _push  --home DIR --peer NAME     a push-only run
///     _floor --records FILE --db FILE --key BASE64URL --count N [--upsert yes]   floor B (FloorPipeline)
///     _serve --home DIR --cert FILE --key FILE   `syncnode serve` (ServeRunner) on
///                                              127.0.0.1:0; prints its URL, stops on SIGTERM
///
/// Each prints one JSON object: seconds, applied (and more), peak_rss_mb.
enum SyncChild {
    static func run(_ args: [String]) throws -> JSONValue {
        var options: [String: String] = [:]
        var i = 1
        while i + 1 < args.count {
            options[String(args[i].drop { $0 == "-" })] = args[i + 1]
            i += 2
        }
        func option(_ name: String) throws -> String {
            guard let v = options[name] else { throw BenchError("\(args[0]) needs --\(name)") }
            return v
        }
        switch args[0] {
        case "_pull", "_push":
            return try transfer(home: NodeHome(path: try option("home")), peer: try option("peer"), pull: args[0] == "_pull")
        case "_floor":
            guard let expected = Int(try option("count")) else { throw BenchError("_floor: --count is not a number") }
            return try floor(records: try option("records"), database: try option("db"),
                             key: try Ed25519PublicKey(base64url: try option("key")), expected: expected,
                             upsert: options["upsert"] == "yes")
        case "_serve":
            var settings = ServeSettings(host: "127.0.0.1", port: 0)
            settings.certificateFile = try option("cert")
            settings.keyFile = try option("key")
            let runner = ServeRunner(home: NodeHome(path: try option("home")), settings: settings, log: Logger(enabled: false))
            try runner.run { url in
                FileHandle.standardOutput.write(Data((url + "\n").utf8))
            }
            return .object(["stopped": .bool(true)])
        default:
            throw BenchError("unknown child command \(args[0])")
        }
    }

    /// Floor B on the records in `records`, timed as floor_insert times
    /// itself: from opening the database to closing it (the input is opened
    /// before, as the C floor opens it before its clock starts).
    static func floor(records: String, database: String, key: Ed25519PublicKey, expected: Int, upsert: Bool) throws -> JSONValue {
        let input = try FloorRecordReader(path: records)
        let watch = Stopwatch()
        let tally = try FloorPipeline(key: key, upsert: upsert).run(input, into: database)
        let seconds = watch.seconds
        guard tally.failed == 0, tally.written == expected else {
            throw BenchError("floor B wrote \(tally.written) of the \(tally.records) records in \(records) (\(tally.failed) failed verification), expected \(expected)")
        }
        return .object([
            "seconds": .number(Format.fixed(seconds, 6)), "applied": .int(tally.written),
            "peak_rss_mb": .number(Format.fixed(PeakMemory.megabytes() ?? 0, 1)),
        ])
    }

    /// One pull-only or push-only sync run, timed from opening the node to
    /// the run's record being written.
    static func transfer(home: NodeHome, peer: String, pull: Bool) throws -> JSONValue {
        let watch = Stopwatch()
        let (runner, store) = try SyncRunner.forHome(home, log: Logger(enabled: false))
        var options = SyncOptions()
        options.pull = pull
        options.push = !pull
        options.peers = [peer]
        options.attempts = 1
        let reports = try runner.run(options, kind: "bench", recorder: store)
        let seconds = watch.seconds
        guard let report = reports.first, report.ok, let t = pull ? report.pull : report.push else {
            throw BenchError("the \(pull ? "pull" : "push") failed: \(reports.first?.error ?? "no report")")
        }
        return .object([
            "seconds": .number(Format.fixed(seconds, 6)), "transfer_seconds": .number(Format.fixed(t.seconds, 6)),
            "received": .int(t.received), "applied": .int(t.applied), "conflicts": .int(t.conflicts),
            "bytes": .int(t.bytes), "pages": .int(t.pages),
            "peak_rss_mb": .number(Format.fixed(PeakMemory.megabytes() ?? 0, 1)),
        ])
    }
}
