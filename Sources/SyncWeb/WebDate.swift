/// Dates for people (`7 February 2022`), for HTTP (`If-Modified-Since`) and
/// for Atom (RFC 3339), computed without Foundation's formatters so that
/// rendering stays pure and gives the same text on every platform.
package enum WebDate {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// The civil date of a day count since 1970-01-01 (proleptic Gregorian).
    static func civil(days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), Int(m), Int(d))
    }

    /// Days since 1970-01-01 of a civil date.
    static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static func parts(seconds: Int64) -> (date: (year: Int64, month: Int, day: Int), h: Int, m: Int, s: Int, weekday: Int) {
        let day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = Int(seconds - day * 86400)
        // 1970-01-01 was a Thursday (index 3 from Monday).
        let weekday = Int(((day % 7) + 7 + 3) % 7)
        return (civil(days: day), rest / 3600, rest / 60 % 60, rest % 60, weekday)
    }

    /// RFC 9110 IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
    package static func http(seconds: Int64) -> String {
        let p = parts(seconds: seconds)
        return "\(weekdays[p.weekday]), \(two(p.date.day)) \(months[p.date.month - 1].prefix(3)) \(p.date.year) \(two(p.h)):\(two(p.m)):\(two(p.s)) GMT"
    }

    /// Parses an IMF-fixdate (the only form clients must send); nil otherwise.
    package static func parseHTTP(_ s: String) -> Int64? {
        let f = s.split(separator: " ")
        guard f.count == 6, f[5] == "GMT", let day = Int(f[1]), let year = Int64(f[3]),
              let month = months.firstIndex(where: { $0.prefix(3) == f[2] }) else { return nil }
        let t = f[4].split(separator: ":")
        guard t.count == 3, let h = Int(t[0]), let m = Int(t[1]), let sec = Int(t[2]),
              (1...31).contains(day), (0..<24).contains(h), (0..<60).contains(m), (0...60).contains(sec) else { return nil }
        return days(year: year, month: month + 1, day: day) * 86400 + Int64(h * 3600 + m * 60 + sec)
    }

    /// RFC 3339 in UTC to the second: `2026-12-05T07:45:21Z`.
    package static func rfc3339(millis: UInt64) -> String {
        let p = parts(seconds: Int64(millis / 1000))
        return "\(p.date.year)-\(two(p.date.month))-\(two(p.date.day))T\(two(p.h)):\(two(p.m)):\(two(p.s))Z"
    }

    /// `5 December 2026, 07:45:21 UTC` (seconds: a history often has
    /// several revisions in one minute).
    package static func readable(millis: UInt64) -> String {
        let p = parts(seconds: Int64(millis / 1000))
        return "\(p.date.day) \(months[p.date.month - 1]) \(p.date.year), \(two(p.h)):\(two(p.m)):\(two(p.s)) UTC"
    }

    /// `2022-02-07` as `7 February 2022`; anything else unchanged.
    package static func readable(date: String) -> String {
        let f = date.split(separator: "-")
        guard f.count == 3, f[0].count == 4, let y = Int(f[0]), let m = Int(f[1]), let d = Int(f[2]),
              (1...12).contains(m), (1...31).contains(d) else { return date }
        return "\(d) \(months[m - 1]) \(y)"
    }
}
