import Foundation

/// The process's peak resident set size (VmHWM in /proc/self/status).
/// `reset()` lowers the mark to the current RSS (Linux `clear_refs` = 5), so
/// each phase of a benchmark can report its own peak.
enum PeakMemory {
    /// Peak RSS in MiB since start or since the last `reset()`; nil where
    /// /proc is unavailable.
    static func megabytes() -> Double? {
        kilobytes("VmHWM").map { Double($0) / 1024 }
    }

    /// Current RSS in MiB.
    static func currentMegabytes() -> Double? {
        kilobytes("VmRSS").map { Double($0) / 1024 }
    }

    /// Lowers the peak mark to the current RSS. Returns false if the kernel
    /// refused (then peaks include earlier phases).
    @discardableResult
    static func reset() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do { try handle.write(contentsOf: Data("5".utf8)) } catch { return false }
        return true
    }

    private static func kilobytes(_ field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let digits = line.dropFirst(field.count + 1).filter(\.isNumber)
            return Int(digits)
        }
        return nil
    }
}
