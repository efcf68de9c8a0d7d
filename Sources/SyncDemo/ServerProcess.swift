import FoundationEssentials
import Subprocess
import SyncNode

/// A `syncnode serve` child process: started, its URL read from its first
/// line of output, stopped by its PID with SIGTERM (SIGKILL if it does not
/// exit in time).
///
/// Its output goes to files, not to pipes this process reads: a server the
/// demo keeps (`--keep`) outlives the demo, which leaves no thread reading
/// behind when it exits.
final class ServerProcess {
    let name: String
    let url: String
    private let child: RunningProcess
    var pid: Int32 { child.pid }

    /// - Parameters:
    ///   - executable: the `syncnode` binary.
    ///   - outputFile: where the server's stdout (its URL) goes.
    ///   - logFile: where the server's stderr (its log) goes.
    /// - Throws: `NodeError` when it cannot start or prints no URL within 15 s.
    init(name: String, executable: String, arguments: [String], outputFile: String, logFile: String) throws {
        self.name = name
        do {
            child = try RunningProcess(executable, arguments, stdout: .file(outputFile), stderr: .file(logFile))
        } catch {
            throw NodeError(.failure, "cannot start the \(name) server: \(error)")
        }
        // Its first line is "listening on URL (pid N)"; wait for it, bounded.
        guard let line = child.firstLine(within: 15), let start = line.firstRange(of: "listening on ") else {
            child.stop(grace: 10)
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            throw NodeError(.failure, "the \(name) server did not start within 15 s; its log says: \(log.suffix(600))")
        }
        url = String(line[start.upperBound...].prefix { $0 != " " })
    }

    /// Stops the server by its PID; waits up to 10 s for a graceful exit.
    func stop() {
        child.stop(grace: 10)
    }
}

@available(*, unavailable)
extension ServerProcess: Sendable {}
