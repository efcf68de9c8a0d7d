import Foundation

/// The parsed command line: `syncnode-bench store|merge|sync [--count N] [--json]`.
struct BenchCommand {
    enum Benchmark: String, CaseIterable {
        case store, merge, sync, serve
    }

    var benchmark: Benchmark
    var count: Int?
    var json = false
    var allowDebug = false
    /// serve: pulling peers, pushing peers, requests per peer.
    var peers = 50
    var pushers = 20
    var requests = 20

    struct UsageError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    static let usage = "syncnode-bench <store|merge|sync|serve> [--count N] [--peers N] [--pushers N] [--requests N] [--json]"

    static let help = """
        OVERVIEW: Measure syncnode's hot paths against floors measured in the same run.

        Each benchmark prints a table (figure, value, floor, ratio, target, and what
        that floor is) or, with --json, one JSON object. Build it in release mode:
          swift build -c release --scratch-path .build-bench --product syncnode-bench

        USAGE: \(usage)

        SUBCOMMANDS:
          store   Import N articles through `syncnode import`'s code path, then 200
                  searches; floors (../shared/bench): floor A (one table + FTS5,
                  prepared inserts, one transaction) on the same articles, and
                  compare.sh's bm25 + snippet query on floor A's database.
          merge   Apply N received revisions (10% concurrent with a local edit)
                  through ChangeSetApplier in batches of 500, signatures verified;
                  floor: floor_insert --upsert on floor A's table for the same
                  edits (no verification, as the shared upsert floor).
          sync    Two nodes over TLS on loopback: initial pull of N articles,
                  incremental pull of 10, a pull with nothing new, a push of N/10;
                  floor: floor B (floor A's inserts with every Ed25519 signature
                  verified on two threads, pipelined) on the same articles read
                  from a local file; --upsert for the 10 changed and for none.
          serve   One node (`syncnode serve`, child process) with --count articles
                  (default 1000) under --peers pulling and --pushers pushing peers
                  at once (each its own key and TLS connection, --requests each);
                  floor: nginx serving the same page bytes over TLS 1.3 in the
                  same run with the same client code. Afterwards every puller
                  pulls the whole log: all must equal the node's, pushes included.
                  Needs nginx (apt-get install nginx).

        OPTIONS:
          --count N      Number of articles (default 100000).
          --peers N      serve: pulling peers (default 50).
          --pushers N    serve: pushing peers (default 20).
          --requests N   serve: requests per peer (default 20).
          --json         Print one JSON object instead of the table.
          --allow-debug  Run even in a debug build (the numbers mean little).
          -h, --help     Show this help.

        ENVIRONMENT:
          TMPDIR               Where the temporary stores go (several hundred MB at N = 100000).
          SYNCNODE_BENCH_KEEP  Keep the temporary directory for inspection.
        """

    /// Nil for a help request.
    static func parse(_ args: [String]) throws -> BenchCommand? {
        guard let first = args.first else { throw UsageError(message: "Missing a benchmark: store, merge or sync") }
        if first == "-h" || first == "--help" || first == "help" { return nil }
        guard let benchmark = Benchmark(rawValue: first) else {
            throw UsageError(message: "Unknown benchmark '\(first)': use store, merge, sync or serve")
        }
        var command = BenchCommand(benchmark: benchmark)
        var i = 1
        while i < args.count {
            let a = args[i]
            switch a {
            case "-h", "--help": return nil
            case "--json": command.json = true
            case "--allow-debug": command.allowDebug = true
            case "--count":
                guard i + 1 < args.count else { throw UsageError(message: "Missing value for '--count <n>'") }
                i += 1
                command.count = try count(args[i])
            case "--peers", "--pushers", "--requests":
                guard i + 1 < args.count, let n = Int(args[i + 1]), (a == "--pushers" ? 0 : 1)...10_000 ~= n else {
                    throw UsageError(message: "'\(a)' needs a whole number from 1 to 10000 (0 for --pushers)")
                }
                i += 1
                if a == "--peers" { command.peers = n } else if a == "--pushers" { command.pushers = n } else { command.requests = n }
            default:
                if a.hasPrefix("--count=") {
                    command.count = try count(String(a.dropFirst(8)))
                } else {
                    throw UsageError(message: "Unknown option '\(a)'")
                }
            }
            i += 1
        }
        return command
    }

    static func count(_ text: String) throws -> Int {
        let digits = text.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ",", with: "")
        guard let n = Int(digits), n >= 100, n <= 10_000_000 else {
            throw UsageError(message: "The value '\(text)' is invalid for '--count <n>': use a whole number from 100 to 10000000")
        }
        return n
    }
}
