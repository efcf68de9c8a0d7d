import Foundation
import Subprocess

/// A server process the serve benchmark starts (this executable's `_serve`,
/// or nginx): started once, measured while it runs (peak RSS of it and its
/// children, from /proc), and stopped by its PID with SIGTERM. Every wait is
/// bounded.
final class ServerChild {
    let name: String
    private let child: RunningProcess
    var pid: Int32 { child.pid }
    var isRunning: Bool { !child.hasExited }

    /// Starts `executable arguments...`; stdout is kept for `firstLine`, stderr goes to `logPath`.
    init(name: String, executable: String, arguments: [String], logPath: String) throws {
        self.name = name
        do {
            child = try RunningProcess(executable, arguments, stdout: .capture, stderr: .file(logPath))
        } catch {
            throw BenchError("cannot start \(name): \(error)")
        }
    }

    /// The first line the server prints (the serve child prints its URL), or
    /// an error after `seconds`.
    func firstLine(within seconds: Int) throws -> String {
        guard let text = child.firstLine(within: Double(seconds)), !text.isEmpty else {
            throw BenchError("\(name) (pid \(pid)) printed no first line within \(seconds) s")
        }
        return text
    }

    /// Peak RSS in MiB of the process and its direct children (nginx's
    /// workers), read from /proc while they run.
    func peakMegabytes() -> Double {
        let kilobytes = processes().reduce(0) { total, p in
            guard let status = try? String(contentsOfFile: "/proc/\(p)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return total }
            return total + (Int(line.filter(\.isNumber)) ?? 0)
        }
        return Double(kilobytes) / 1024
    }

    /// CPU seconds (user + system) the process and its direct children have
    /// used so far: the difference over a load run is the server's cost.
    func cpuSeconds() -> Double {
        let ticks = processes().reduce(0) { total, p in
            guard let fields = Self.statFields(p), fields.count > 12 else { return total }
            // After "(comm)": state(0) ppid(1) ... utime(11) stime(12).
            return total + (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
        }
        return Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Our PID and the PIDs whose parent it is.
    private func processes() -> [Int32] {
        var pids = [pid]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries.prefix(100_000) {
            guard let child = Int32(entry), child != pid, let fields = Self.statFields(child), fields.count > 1,
                  Int32(fields[1]) == pid else { continue }
            pids.append(child)
        }
        return pids
    }

    /// The fields of /proc/PID/stat after "(comm)".
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    /// SIGTERM to our PID, then up to 20 s for it to exit (SIGKILL after that).
    func stop() {
        child.stop(grace: 20)
    }

    deinit { stop() }
}
