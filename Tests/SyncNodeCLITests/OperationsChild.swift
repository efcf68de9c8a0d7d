import Foundation
import Subprocess
import XCTest

/// A `syncnode` process the test runs in the background (a server, a long
/// pull): stdout captured, stderr written to a file the test can read while
/// it runs. Stopped by its PID only; every wait is bounded.
final class OperationsChild {
    let arguments: [String]
    /// Where the child's stderr (its log) goes.
    let stderrPath: String
    private let child: RunningProcess
    var pid: Int32 { child.pid }

    /// Starts `executable arguments...` in `directory`.
    init(executable: String, arguments: [String], environment: [String: String], directory: String,
         stderrPath: String) throws {
        self.arguments = arguments
        self.stderrPath = stderrPath
        child = try RunningProcess(executable, arguments, environment: environment, currentDirectory: directory,
                                   stdout: .capture, stderr: .file(stderrPath))
    }

    /// What the child wrote to stdout so far.
    var stdout: String { child.stdout }

    /// What the child wrote to stderr so far.
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// The first line on stdout, waiting up to `seconds` for it; nil if the
    /// child exited or stayed silent.
    func firstLine(within seconds: Double) -> String? { child.firstLine(within: seconds) }

    /// Waits up to `seconds` until the child's stderr contains `text`.
    func waitForLog(_ text: String, within seconds: Double) -> Bool {
        for _ in 0..<Int(seconds * 20) {
            if stderr.contains(text) { return true }
            if hasExited { return stderr.contains(text) }
            usleep(50_000)
        }
        return false
    }

    var hasExited: Bool { child.hasExited }

    /// Sends `signal` to the child's PID (if it still runs).
    func send(_ signal: Int32) { child.send(signal) }

    /// Waits up to `seconds` for the child to exit; returns its status
    /// (128 + the signal number when a signal ended it), or nil if it still runs.
    func waitForExit(within seconds: Double) -> Int32? { child.waitForExit(within: seconds) }

    /// The exit status once exited (128 + signal for a signalled child); nil while it runs.
    var exitStatus: Int32? { child.exitStatus }

    /// True when a signal ended the child (false while it runs).
    var wasSignalled: Bool { child.wasSignalled }

    /// SIGTERM by PID, then SIGKILL if it has not exited within `grace` seconds.
    @discardableResult
    func stop(grace: Double = 10) -> Int32 { child.stop(grace: grace) }

    struct ChildError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

@available(*, unavailable)
extension OperationsChild: Sendable {}
