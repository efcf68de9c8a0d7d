import FoundationEssentials
import Glibc
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
    package var pid: Int32 { exit.pid }

    private let exit: ChildExit
    private let stdoutCapture: PipeCapture?
    private let stderrCapture: PipeCapture?
    /// The file stdout goes to, for `.file`.
    private let stdoutFile: String?
    /// Writes `.bytes` input; joined once the child has exited.
    private let inputWriter: JoinableThread?

    /// Starts `executable` (a path) with `arguments`.
    /// - Parameters:
    ///   - environment: the child's whole environment; nil inherits this process's.
    ///   - currentDirectory: the child's working directory; nil keeps this process's.
    /// - Throws: `LaunchError` when the program cannot be started or an output file cannot be created.
    package init(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
                 currentDirectory: String? = nil, stdin: Input = .null, stdout: Output = .capture,
                 stderr: Output = .capture) throws {
        self.executable = executable
        self.arguments = arguments
        if case .bytes = stdin {
            // A child that exits before reading its input must not kill this
            // process with SIGPIPE: the write then fails with EPIPE instead.
            signal(SIGPIPE, SIG_IGN)
        }
        // A relative path names a program from this process's directory,
        // not from the child's (as Foundation's Process had it).
        let program = executable.hasPrefix("/") ? executable : FileManager.default.currentDirectoryPath + "/" + executable
        let ends: Ends
        do {
            ends = try Self.start(program, arguments, environment: environment, currentDirectory: currentDirectory,
                                  stdin: stdin, stdout: stdout, stderr: stderr)
        } catch {
            throw LaunchError(executable: executable, reason: error.reason)
        }
        if case .file(let path) = stdout { stdoutFile = path } else { stdoutFile = nil }
        do {
            exit = try ChildExit(pid: ends.pid)
        } catch {
            // Nothing could wait for it: it must not run unattended.
            Glibc.kill(ends.pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(ends.pid, &status, 0) == -1 && errno == EINTR {}
            ends.closeAll()
            throw LaunchError(executable: executable, reason: String(describing: error))
        }
        var stdoutCapture: PipeCapture?
        var stderrCapture: PipeCapture?
        var writer: JoinableThread?
        do {
            if let fd = ends.stdoutRead { stdoutCapture = try PipeCapture(reading: fd) }
            if let fd = ends.stderrRead { stderrCapture = try PipeCapture(reading: fd) }
            if let fd = ends.stdinWrite, case .bytes(let data) = stdin {
                writer = try JoinableThread { Self.writeAll(data, to: fd) }
            }
        } catch {
            // No thread to read or write its pipes: it must not run unattended.
            exit.send(SIGKILL)
            _ = exit.wait(seconds: 10)
            // The ends no thread took are still this process's to close.
            if stdoutCapture == nil, let fd = ends.stdoutRead { close(fd) }
            if stderrCapture == nil, let fd = ends.stderrRead { close(fd) }
            if writer == nil, let fd = ends.stdinWrite { close(fd) }
            throw LaunchError(executable: executable, reason: String(describing: error))
        }
        self.stdoutCapture = stdoutCapture
        self.stderrCapture = stderrCapture
        inputWriter = writer
    }

    /// A spawned child and the pipe ends this process keeps.
    private struct Ends {
        let pid: pid_t
        let stdinWrite: Int32?
        let stdoutRead: Int32?
        let stderrRead: Int32?

        func closeAll() {
            for fd in [stdinWrite, stdoutRead, stderrRead].compactMap({ $0 }) { close(fd) }
        }
    }

    /// Makes the child's descriptors and spawns it, under the spawn lock.
    /// The child's ends are closed here once it has them; on failure every
    /// descriptor made is.
    private static func start(_ executable: String, _ arguments: [String], environment: [String: String]?,
                              currentDirectory: String?, stdin: Input, stdout: Output,
                              stderr: Output) throws(ProcessSpawn.Failure) -> Ends {
        try ProcessSpawn.lock.withLock { _ throws(ProcessSpawn.Failure) -> Ends in
            var childEnds: [Int32] = []
            var keptEnds: [Int32] = []
            defer { for fd in childEnds { close(fd) } }
            do throws(ProcessSpawn.Failure) {
                var childStdin: Int32?
                var stdinWrite: Int32?
                switch stdin {
                case .null:
                    childStdin = try ProcessSpawn.open("/dev/null", O_RDONLY, reason: "cannot open /dev/null")
                case .inherit:
                    break
                case .bytes:
                    let pipe = try ProcessSpawn.makePipe()
                    childStdin = pipe.read
                    stdinWrite = pipe.write
                    keptEnds.append(pipe.write)
                }
                childEnds += [childStdin].compactMap { $0 }
                let out = try attach(stdout)
                childEnds += [out.child].compactMap { $0 }
                keptEnds += [out.kept].compactMap { $0 }
                let err = try attach(stderr)
                childEnds += [err.child].compactMap { $0 }
                keptEnds += [err.kept].compactMap { $0 }
                let pid = try ProcessSpawn.spawn(executable, arguments: arguments, environment: environment,
                                                 currentDirectory: currentDirectory,
                                                 descriptors: [childStdin, out.child, err.child])
                return Ends(pid: pid, stdinWrite: stdinWrite, stdoutRead: out.kept, stderrRead: err.kept)
            } catch {
                for fd in keptEnds { close(fd) }
                throw error
            }
        }
    }

    /// The descriptor the child gets for one output stream (nil: inherit)
    /// and the one this process keeps (a pipe's read end, for `.capture`).
    /// Call holding the spawn lock.
    private static func attach(_ output: Output) throws(ProcessSpawn.Failure) -> (child: Int32?, kept: Int32?) {
        switch output {
        case .null: return (try ProcessSpawn.open("/dev/null", O_WRONLY, reason: "cannot open /dev/null"), nil)
        case .inherit: return (nil, nil)
        case .capture:
            let pipe = try ProcessSpawn.makePipe()
            return (pipe.write, pipe.read)
        case .file(let path):
            return (try ProcessSpawn.open(path, O_WRONLY | O_CREAT | O_TRUNC, reason: "cannot create \(path) for its output"), nil)
        }
    }

    /// Writes `data` to `fd` (a pipe to the child), then closes it. Stops
    /// early when the child has closed its end (EPIPE).
    private static func writeAll(_ data: Data, to fd: Int32) {
        Descriptor.writeAll([UInt8](data), to: fd)
        close(fd)
    }

    /// The text of a file; "" if it cannot be read.
    private static func fileText(_ path: String) -> String {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        Descriptor.readToEnd(fd) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
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
        let bounded = seconds.isFinite ? min(max(seconds, 0), 86_400 * 365) : (seconds > 0 ? 86_400 * 365 : 0)
        let deadline = ContinuousClock.now + .milliseconds(Int(bounded * 1000))
        var output: String { stdoutFile.map(Self.fileText) ?? stdout }
        repeat {
            let text = output
            if let newline = text.firstIndex(of: "\n") { return String(text[..<newline]) }
            if hasExited {
                // What it wrote just before exiting may still be in the pipe.
                stdoutCapture?.waitForEnd(seconds: 1)
                let text = output
                return text.firstIndex(of: "\n").map { String(text[..<$0]) }
            }
            usleep(20_000)
        } while ContinuousClock.now < deadline
        return nil
    }

    /// True once the child has exited (and been reaped).
    package var hasExited: Bool { exit.hasExited }

    /// Waits for the child to exit, up to `seconds` (nil: as long as it
    /// takes); returns its status (128 + the signal number when a signal
    /// ended it), or nil if it still runs. Captured output is then read to
    /// its end (bounded, in case the child left a grandchild holding a pipe).
    @discardableResult
    package func waitForExit(within seconds: Double?) -> Int32? {
        guard exit.wait(seconds: seconds) else { return nil }
        // The threads reading and writing its pipes end with it (joined:
        // nothing of theirs is left when this process exits after it).
        // 10 s for all of them, not each: a grandchild may hold a pipe.
        let deadline = ContinuousClock.now + .seconds(10)
        func left() -> Double {
            let (seconds, attoseconds) = (deadline - ContinuousClock.now).components
            return max(0, Double(seconds) + Double(attoseconds) / 1e18)
        }
        stdoutCapture?.waitForEnd(seconds: left())
        stderrCapture?.waitForEnd(seconds: left())
        inputWriter?.join(within: left())
        return exitStatus
    }

    /// The exit status once exited (128 + signal for a signalled child); nil while it runs.
    package var exitStatus: Int32? { exit.status }

    /// True when a signal ended the child (false while it runs).
    package var wasSignalled: Bool { exit.wasSignalled }

    /// Sends `signal` to the child's PID, unless it has exited (and been reaped).
    package func send(_ signal: Int32) {
        exit.send(signal)
    }

    /// SIGTERM by PID, then SIGKILL if it has not exited within `grace`
    /// seconds; returns the exit status.
    @discardableResult
    package func stop(grace: Double = 10) -> Int32 {
        send(SIGTERM)
        if let status = waitForExit(within: grace) { return status }
        send(SIGKILL)
        return waitForExit(within: 10) ?? 128 + SIGKILL
    }
}

@available(*, unavailable)
extension RunningProcess: Sendable {}
