import Foundation
import Synchronization

/// A `syncnode serve` child process: started, its URL read from its first
/// line of output, stopped by its PID with SIGTERM (SIGKILL if it does not
/// exit in time).
final class ServerProcess {
    let process = Process()
    let name: String
    private(set) var url = ""
    var pid: Int32 { process.processIdentifier }

    /// - Parameters:
    ///   - executable: the `syncnode` binary.
    ///   - logFile: where the server's stderr (its log) goes.
    init(name: String, executable: String, arguments: [String], logFile: String) throws {
        self.name = name
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        guard FileManager.default.createFile(atPath: logFile, contents: nil) else {
            throw NodeError(.cannotCreate, "cannot create the server log \(logFile)")
        }
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw NodeError(.failure, "cannot start the \(name) server (\(executable)): \(error)")
        }
        // Its first line is "listening on URL (pid N)"; wait for it, bounded.
        let ready = DispatchSemaphore(value: 0)
        let line = LineBox()
        let reader = out.fileHandleForReading
        Thread.detachNewThread {
            var buffer = Data()
            while !buffer.contains(0x0A) {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
            }
            line.set(String(decoding: buffer, as: UTF8.self))
            ready.signal()
        }
        guard ready.wait(timeout: .now() + 15) == .success,
              let text = line.get(), let start = text.range(of: "listening on ") else {
            stop()
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            throw NodeError(.failure, "the \(name) server did not start within 15 s; its log says: \(log.suffix(600))")
        }
        url = String(text[start.upperBound...].prefix { $0 != " " && $0 != "\n" })
    }

    /// Stops the server by its PID; waits up to 10 s for a graceful exit.
    func stop() {
        guard process.isRunning else { return }
        kill(pid, SIGTERM)
        for _ in 0..<100 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }
}

/// A line handed from the reader thread.
final class LineBox: Sendable {
    private let value = Mutex<String?>(nil)
    func set(_ s: String) { value.withLock { $0 = s } }
    func get() -> String? { value.withLock { $0 } }
}

@available(*, unavailable)
extension ServerProcess: Sendable {}
