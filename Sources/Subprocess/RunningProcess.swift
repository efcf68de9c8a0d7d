import Foundation
import Synchronization
import Threads

/// A child process started in the background: the one place in the package
/// that launches a program (`ProcessRunner.run` waits on one of these).
///
/// Its output can be captured (read continuously on a background thread,
/// so a chatty child never blocks on a full pipe), written to a file,
/// inherited from this process, or discarded. It is stopped by its own PID
/// only, and every wait takes a bound.
///
///     let server = try RunningProcess(binary, ["serve", ...], stderr: .file(log))
///     guard let line = server.firstLine(within: 15) else { ... }
///     server.stop(grace: 10)
package final class RunningProcess {
    /// What the child reads on standard input.
    package enum Input: Sendable {
        /// /dev/null.
        case null
        /// This process's standard input (an editor on the terminal).
        case inherit
        /// These bytes, written from a background thread, then end of file.
        case bytes(Data)
    }

    /// Where one of the child's output streams goes.
    package enum Output: Sendable {
        case null
        case inherit
        /// Kept in memory: `stdoutData`, `stderrData`, `firstLine(within:)`.
        case capture
        /// A new, empty file at this path (created or truncated); for stdout,
        /// `firstLine(within:)` reads it. Nothing of this process reads a
        /// file's output, so a child may outlive this process.
        case file(String)
    }

    /// The program could not be started at all.
    package struct LaunchError: Error, CustomStringConvertible {
        package let executable: String
        package let reason: String

        package var description: String {
            "cannot run \(executable): \(reason). Check that it is installed and the path is right"
        }
    }

    package let executable: String
    package let arguments: [String]
    package var pid: Int32 { process.processIdentifier }

    private let process = Process()
    private let stdoutCapture: Capture?
    private let stderrCapture: Capture?
    /// The file stdout goes to, for `.file`.
    private let stdoutFile: String?
    /// Writes `.bytes` input; joined once the child has exited.
    private let inputWriter: JoinableThread?
    private let exited = DispatchSemaphore(value: 0)
    private let exitSeen = Atomic<Bool>(false)

    /// Starts `executable` with `arguments`.
    /// - Parameters:
    ///   - environment: the child's whole environment; nil inherits this process's.
    ///   - currentDirectory: the child's working directory; nil keeps this process's.
    /// - Throws: `LaunchError` when the program cannot be started or an output file cannot be created.
    package init(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
                 currentDirectory: String? = nil, stdin: Input = .null, stdout: Output = .capture,
                 stderr: Output = .capture) throws {
        self.executable = executable
        self.arguments = arguments
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }

        var input: Pipe?
        switch stdin {
        case .null: process.standardInput = FileHandle.nullDevice
        case .inherit: break
        case .bytes:
            // A child that exits before reading its input must not kill this
            // process with SIGPIPE: the write then fails with EPIPE instead.
            signal(SIGPIPE, SIG_IGN)
            let pipe = Pipe()
            process.standardInput = pipe
            input = pipe
        }
        let out = try Self.attach(stdout, executable: executable)
        let err = try Self.attach(stderr, executable: executable)
        if let out { process.standardOutput = out }
        if let err { process.standardError = err }

        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw LaunchError(executable: executable, reason: String(describing: error))
        }
        // (Process.run closes the parent's copies of the child's pipe ends.)
        if case .file(let path) = stdout { stdoutFile = path } else { stdoutFile = nil }
        do {
            stdoutCapture = try (out as? Pipe).map { try Capture($0.fileHandleForReading) }
            stderrCapture = try (err as? Pipe).map { try Capture($0.fileHandleForReading) }
            if let input, case .bytes(let data) = stdin {
                let writer = input.fileHandleForWriting
                inputWriter = try JoinableThread {
                    try? writer.write(contentsOf: data)
                    try? writer.close()
                }
            } else {
                inputWriter = nil
            }
        } catch {
            // No thread to read or write its pipes: it must not run unattended.
            kill(process.processIdentifier, SIGKILL)
            _ = exited.wait(timeout: .now() + 10)
            throw LaunchError(executable: executable, reason: String(describing: error))
        }
    }

    /// The Pipe or FileHandle for one output stream; nil to inherit.
    private static func attach(_ output: Output, executable: String) throws -> Any? {
        switch output {
        case .null: return FileHandle.nullDevice
        case .inherit: return nil
        case .capture: return Pipe()
        case .file(let path):
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let handle = FileHandle(forWritingAtPath: path) else {
                throw LaunchError(executable: executable, reason: "cannot create \(path) for its output")
            }
            return handle
        }
    }

    /// Captured standard output so far (empty unless captured).
    package var stdoutData: Data { stdoutCapture?.data ?? Data() }
    /// Captured standard error so far (empty unless captured).
    package var stderrData: Data { stderrCapture?.data ?? Data() }
    package var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    package var stderr: String { String(decoding: stderrData, as: UTF8.self) }

    /// The first line of stdout, captured or written to a file (without its
    /// newline), waiting up to `seconds` for it; nil if the child exited or
    /// stayed silent.
    package func firstLine(within seconds: Double) -> String? {
        let deadline = Date() + seconds
        var output: String {
            guard let stdoutFile else { return stdout }
            // Not FileManager.contents(atPath:): on an empty file it leaks a
            // 4 KB buffer per call (swift-corelibs-foundation, Swift 6.3.1).
            guard let handle = FileHandle(forReadingAtPath: stdoutFile) else { return "" }
            defer { try? handle.close() }
            return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
        }
        repeat {
            let text = output
            if let newline = text.firstIndex(of: "\n") { return String(text[..<newline]) }
            if hasExited {
                let text = output
                return text.firstIndex(of: "\n").map { String(text[..<$0]) }
            }
            usleep(20_000)
        } while Date() < deadline
        return nil
    }

    /// True once the child has exited (its termination was observed).
    package var hasExited: Bool {
        if exitSeen.load(ordering: .acquiring) { return true }
        if exited.wait(timeout: .now()) == .success {
            exitSeen.store(true, ordering: .releasing)
            return true
        }
        return false
    }

    /// Waits for the child to exit, up to `seconds` (nil: as long as it
    /// takes); returns its status (128 + the signal number when a signal
    /// ended it), or nil if it still runs. Captured output is then read to
    /// its end (bounded, in case the child left a grandchild holding a pipe).
    @discardableResult
    package func waitForExit(within seconds: Double?) -> Int32? {
        if !exitSeen.load(ordering: .acquiring) {
            if let seconds {
                guard exited.wait(timeout: .now() + seconds) == .success else { return nil }
            } else {
                exited.wait()
            }
            exitSeen.store(true, ordering: .releasing)
        }
        process.waitUntilExit()  // returns at once: the termination handler has run
        // The threads reading and writing its pipes end with it (joined:
        // nothing of theirs is left when this process exits after it).
        stdoutCapture?.waitForEnd(seconds: 10)
        stderrCapture?.waitForEnd(seconds: 10)
        inputWriter?.join(within: 10)
        return exitStatus
    }

    /// The exit status once exited (128 + signal for a signalled child); nil while it runs.
    package var exitStatus: Int32? {
        guard hasExited else { return nil }
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// True when a signal ended the child (false while it runs).
    package var wasSignalled: Bool { hasExited && process.terminationReason == .uncaughtSignal }

    /// Sends `signal` to the child's PID, unless it has exited.
    package func send(_ signal: Int32) {
        if !hasExited { kill(pid, signal) }
    }

    /// SIGTERM by PID, then SIGKILL if it has not exited within `grace`
    /// seconds; returns the exit status.
    @discardableResult
    package func stop(grace: Double = 10) -> Int32 {
        send(SIGTERM)
        if let status = waitForExit(within: grace) { return status }
        kill(pid, SIGKILL)
        return waitForExit(within: 10) ?? 128 + SIGKILL
    }

    /// Reads one pipe to its end on a background thread.
    private final class Capture: Sendable {
        private let received = Received()
        private let reader: JoinableThread

        /// What the pipe delivered so far.
        private final class Received: Sendable {
            let data = Mutex(Data())
        }

        init(_ handle: FileHandle) throws {
            reader = try JoinableThread { [received] in
                // availableData returns what has arrived (read(upToCount:) would wait for the full count).
                while case let chunk = handle.availableData, !chunk.isEmpty {
                    received.data.withLock { $0.append(chunk) }
                }
            }
        }

        var data: Data { received.data.withLock { $0 } }

        /// Waits up to `seconds` for the end of the pipe and the reading
        /// thread's exit.
        func waitForEnd(seconds: Double) {
            reader.join(within: seconds)
        }
    }
}

@available(*, unavailable)
extension RunningProcess: Sendable {}
