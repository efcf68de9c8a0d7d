import Foundation
import Synchronization

/// Runs a program to completion and captures what it wrote, for tests that
/// drive a built binary like a user would (`syncnode list --json`).
///
/// A non-zero exit status is a normal result, not a thrown error. A run that
/// outlives `timeout` is killed by its own PID (SIGKILL) and reported with
/// `timedOut`; the timeout only bounds a hung test, it is not an assertion.
public enum ProcessRunner {
    /// What one run produced.
    public struct Result: Sendable, CustomStringConvertible {
        /// The exit status; for a process ended by a signal, 128 + the signal number.
        public let status: Int32
        /// True when a signal ended the process (see `status`).
        public let signalled: Bool
        /// True when the runner killed the process after the timeout.
        public let timedOut: Bool
        public let stdoutData: Data
        public let stderrData: Data

        public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
        public var stderr: String { String(decoding: stderrData, as: UTF8.self) }

        /// Status and both streams, for assertion messages.
        public var description: String {
            "exit \(status)\(signalled ? " (signal)" : "")\(timedOut ? " (timed out)" : "")\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)"
        }
    }

    /// The program could not be started at all.
    public struct LaunchError: Error, CustomStringConvertible {
        public let executable: String
        public let reason: String

        public var description: String {
            "cannot run \(executable): \(reason). Build it first (swift build --build-tests), or check the path"
        }
    }

    /// The current environment with `removing` taken out and `adding` put in:
    /// the usual base for a child's environment.
    public static func environment(removing: [String] = [], adding: [String: String] = [:]) -> [String: String] {
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
    public static func run(_ executable: String, _ arguments: [String] = [],
                           environment: [String: String]? = nil, stdin: Data? = nil,
                           currentDirectory: String? = nil, timeout: Double = 60) throws -> Result {
        // A child that exits before reading its input must not kill the test
        // runner with SIGPIPE: the write then fails with EPIPE instead.
        signal(SIGPIPE, SIG_IGN)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = stdin.map { _ in Pipe() }
        process.standardInput = input ?? FileHandle.nullDevice

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw LaunchError(executable: executable, reason: String(describing: error))
        }
        // (Process.run closes the parent's copies of the child's pipe ends.)
        let pid = process.processIdentifier

        let stdoutCapture = Capture(out.fileHandleForReading)
        let stderrCapture = Capture(err.fileHandleForReading)
        if let input, let stdin {
            let writer = input.fileHandleForWriting
            Thread.detachNewThread {
                try? writer.write(contentsOf: stdin)
                try? writer.close()
            }
        }

        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(pid, SIGKILL)
            exited.wait()
        }
        // The child is gone; its pipes reach EOF unless it left a grandchild
        // holding them, which the bound below stops from hanging the test.
        let stdoutData = stdoutCapture.wait(seconds: 10)
        let stderrData = stderrCapture.wait(seconds: 10)
        let signalled = process.terminationReason == .uncaughtSignal
        let status = signalled ? 128 + process.terminationStatus : process.terminationStatus
        return Result(status: status, signalled: signalled, timedOut: timedOut,
                      stdoutData: stdoutData, stderrData: stderrData)
    }

    /// Reads one pipe to its end on a background thread.
    private final class Capture: Sendable {
        private let data = Mutex(Data())
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                while let chunk = try? handle.read(upToCount: 65_536), !chunk.isEmpty {
                    data.withLock { $0.append(chunk) }
                }
                done.signal()
            }
        }

        /// What was read, once the pipe closed (or after `seconds`, what was read so far).
        func wait(seconds: Double) -> Data {
            _ = done.wait(timeout: .now() + seconds)
            return data.withLock { $0 }
        }
    }
}
