import Foundation
import Synchronization
import XCTest

/// A `syncnode` process the test runs in the background (a server, a long
/// pull): stdout captured through a pipe, stderr written to a file the test
/// can read while it runs. Stopped by its PID only; every wait is bounded.
final class OperationsChild {
    let process = Process()
    let arguments: [String]
    /// Where the child's stderr (its log) goes.
    let stderrPath: String
    var pid: Int32 { process.processIdentifier }

    private let captured = Captured()
    private let exited = DispatchSemaphore(value: 0)
    private let exitSeen = Atomic<Bool>(false)

    /// Starts `executable arguments...` in `directory`.
    init(executable: String, arguments: [String], environment: [String: String], directory: String,
         stderrPath: String) throws {
        self.arguments = arguments
        self.stderrPath = stderrPath
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        process.standardOutput = out
        guard FileManager.default.createFile(atPath: stderrPath, contents: nil) else {
            throw ChildError(message: "cannot create \(stderrPath) for the child's stderr")
        }
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        let reader = out.fileHandleForReading
        let captured = self.captured
        Thread.detachNewThread {
            // availableData returns what has arrived (read(upToCount:) would wait for the full count).
            while case let chunk = reader.availableData, !chunk.isEmpty {
                captured.data.withLock { $0.append(chunk) }
            }
            captured.closed.signal()
        }
    }

    /// What the child wrote to stdout so far.
    var stdout: String { String(decoding: captured.data.withLock { $0 }, as: UTF8.self) }

    /// What the child wrote to stderr so far.
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// The first line on stdout, waiting up to `seconds` for it; nil if the
    /// child exited or stayed silent.
    func firstLine(within seconds: Double) -> String? {
        for _ in 0..<Int(seconds * 50) {
            let text = stdout
            if let newline = text.firstIndex(of: "\n") { return String(text[..<newline]) }
            if hasExited { return nil }
            usleep(20_000)
        }
        return nil
    }

    /// Waits up to `seconds` until the child's stderr contains `text`.
    func waitForLog(_ text: String, within seconds: Double) -> Bool {
        for _ in 0..<Int(seconds * 20) {
            if stderr.contains(text) { return true }
            if hasExited { return stderr.contains(text) }
            usleep(50_000)
        }
        return false
    }

    var hasExited: Bool {
        if exitSeen.load(ordering: .acquiring) { return true }
        if exited.wait(timeout: .now()) == .success {
            exitSeen.store(true, ordering: .releasing)
            return true
        }
        return false
    }

    /// Sends `signal` to the child's PID (if it still runs).
    func send(_ signal: Int32) {
        if !hasExited { kill(pid, signal) }
    }

    /// Waits up to `seconds` for the child to exit; returns its status
    /// (128 + the signal number when a signal ended it), or nil if it still runs.
    func waitForExit(within seconds: Double) -> Int32? {
        if !exitSeen.load(ordering: .acquiring) {
            guard exited.wait(timeout: .now() + seconds) == .success else { return nil }
            exitSeen.store(true, ordering: .releasing)
        }
        process.waitUntilExit()  // returns at once: the termination handler has run
        // Stdout reaches EOF once the child is gone (bounded, in case it left a
        // grandchild holding the pipe); put the token back for the next caller.
        if captured.closed.wait(timeout: .now() + 5) == .success { captured.closed.signal() }
        return exitStatus
    }

    /// The exit status once exited (128 + signal for a signalled child); nil while it runs.
    var exitStatus: Int32? {
        guard hasExited else { return nil }
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// True when a signal ended the child (false while it runs).
    var wasSignalled: Bool { hasExited && process.terminationReason == .uncaughtSignal }

    /// SIGTERM by PID, then SIGKILL if it has not exited within `grace` seconds.
    @discardableResult
    func stop(grace: Double = 10) -> Int32 {
        send(SIGTERM)
        if let status = waitForExit(within: grace) { return status }
        kill(pid, SIGKILL)
        return waitForExit(within: 10) ?? 128 + SIGKILL
    }

    /// Stdout as read so far by the reader thread, and whether the pipe closed.
    final class Captured: Sendable {
        let data = Mutex(Data())
        let closed = DispatchSemaphore(value: 0)
    }

    struct ChildError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

@available(*, unavailable)
extension OperationsChild: Sendable {}
