import FoundationEssentials
import Glibc

/// Runs a program to completion and captures what it wrote: tests that
/// drive a built binary like a user would (`syncnode list --json`), the
/// throwaway CA's `openssl` runs, python cross-checks.
///
/// A non-zero exit status is a normal result, not a thrown error. A run that
/// outlives `timeout` is killed by its own PID (SIGKILL) and reported with
/// `timedOut`; the timeout only bounds a hung test, it is not an assertion.
package enum ProcessRunner {
    /// What one run produced.
    package struct Result: Sendable, CustomStringConvertible {
        /// The exit status; for a process ended by a signal, 128 + the signal number.
        package let status: Int32
        /// True when a signal ended the process (see `status`).
        package let signalled: Bool
        /// True when the runner killed the process after the timeout.
        package let timedOut: Bool
        package let stdoutData: Data
        package let stderrData: Data

        package var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
        package var stderr: String { String(decoding: stderrData, as: UTF8.self) }

        /// Status and both streams, for assertion messages.
        package var description: String {
            "exit \(status)\(signalled ? " (signal)" : "")\(timedOut ? " (timed out)" : "")\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)"
        }
    }

    /// The program could not be started at all.
    package typealias LaunchError = RunningProcess.LaunchError

    /// The current environment with `removing` taken out and `adding` put in:
    /// the usual base for a child's environment.
    package static func environment(removing: [String] = [], adding: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in removing { env[key] = nil }
        for (key, value) in adding { env[key] = value }
        return env
    }

    /// Runs `executable` with `arguments` and waits for it to exit.
    /// - Parameters:
    ///   - environment: the child's whole environment; nil inherits this process's.
    ///   - stdin: bytes written to the child's standard input (then closed); nil gives it /dev/null.
    ///   - currentDirectory: the child's working directory; nil keeps this process's.
    ///   - timeout: seconds after which the child is killed.
    /// - Returns: the exit status and everything written to stdout and stderr.
    /// - Throws: `LaunchError` when the program cannot be started.
    package static func run(_ executable: String, _ arguments: [String] = [],
                            environment: [String: String]? = nil, stdin: Data? = nil,
                            currentDirectory: String? = nil, timeout: Double = 60) throws -> Result {
        let child = try RunningProcess(executable, arguments, environment: environment, currentDirectory: currentDirectory,
                                       stdin: stdin.map { .bytes($0) } ?? .null)
        var timedOut = false
        if child.waitForExit(within: timeout) == nil {
            timedOut = true
            // SIGKILL cannot be caught: its exit is seen at once, but the
            // wait stays bounded like every other.
            child.send(SIGKILL)
            child.waitForExit(within: 10)
        }
        return Result(status: child.exitStatus ?? 128 + SIGKILL, signalled: child.wasSignalled, timedOut: timedOut,
                      stdoutData: child.stdoutData, stderrData: child.stderrData)
    }
}
