import FoundationEssentials
import Glibc
import SyncStore

/// Whether the process recorded for a run still runs: `syncnode runs` must
/// not show a run as `running` when its process was killed or crashed.
extension RunProcess {
    /// This process.
    package static var current: RunProcess {
        let pid = getpid()
        return RunProcess(pid: pid, startTicks: procStat(pid)?.startTicks)
    }

    /// True while the process exists and is not a zombie, and (when both
    /// are known) started when it was recorded, so that a pid reused by a
    /// later process does not count.
    package var isRunning: Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno != EPERM { return false }
        guard let stat = Self.procStat(pid) else { return true }
        if stat.state == "Z" || stat.state == "X" { return false }
        if let startTicks, let now = stat.startTicks, now != startTicks { return false }
        return true
    }

    /// The state letter and start time (clock ticks after boot) from
    /// `/proc/PID/stat`; nil where there is no `/proc`.
    static func procStat(_ pid: Int32) -> (state: Character, startTicks: UInt64?)? {
        #if os(Linux)
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // After "pid (comm)": field 3 is the state, field 22 the start time.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard let state = fields.first?.first else { return nil }
        return (state, fields.count > 19 ? UInt64(fields[19]) : nil)
        #else
        return nil
        #endif
    }
}
