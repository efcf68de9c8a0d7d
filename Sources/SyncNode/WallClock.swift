import Foundation

/// Wall-clock milliseconds since 1970, the one place the node reads time
/// (so tests and benchmarks can pass their own). Not named `Clock`: that
/// is the standard library's protocol, which this name would shadow.
package enum WallClock {
    package static func nowMillis() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    /// `2026-11-25T10:00:00Z` for milliseconds since 1970 (JSON and tables).
    package static func iso8601(_ millis: UInt64) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
