import FoundationEssentials
import SyncWeb

/// Wall-clock milliseconds since 1970, the one place the node reads time
/// (so tests and benchmarks can pass their own). Not named `Clock`: that
/// is the standard library's protocol, which this name would shadow.
package enum WallClock {
    package static func nowMillis() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    /// `2026-11-25T10:00:00Z` for milliseconds since 1970 (JSON and tables),
    /// in UTC, to the second: `WebDate.rfc3339`, worked out without
    /// `ISO8601DateFormatter`, whose first use loads ICU's calendars (about
    /// 1.5 ms of CPU, a tenth of a sync run that fails at once: a peer down).
    package static func iso8601(_ millis: UInt64) -> String {
        WebDate.rfc3339(millis: millis)
    }
}
