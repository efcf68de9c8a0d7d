import Foundation

/// Wall-clock milliseconds since 1970, the one place the node reads time
/// (so tests and benchmarks can pass their own). Not named `Clock`: that
/// is the standard library's protocol, which this name would shadow.
package enum WallClock {
    package static func nowMillis() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    /// `2026-11-25T10:00:00Z` for milliseconds since 1970 (JSON and tables),
    /// in UTC, to the second. Worked out here rather than by
    /// `ISO8601DateFormatter`, whose first use loads ICU's calendars: about
    /// 1.5 ms of CPU, a tenth of a sync run that fails at once (a peer down).
    package static func iso8601(_ millis: UInt64) -> String {
        let seconds = millis / 1000
        let (year, month, day) = civilDate(daysSince1970: Int64(seconds / 86_400))
        let time = seconds % 86_400
        func two(_ n: UInt64) -> String { n < 10 ? "0\(n)" : String(n) }
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-\(two(UInt64(month)))-\(two(UInt64(day)))"
            + "T\(two(time / 3600)):\(two(time % 3600 / 60)):\(two(time % 60))Z"
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01
    /// (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
