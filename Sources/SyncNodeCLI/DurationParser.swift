/// `90s`, `15m`, `2h`, `500ms` → Duration.
enum DurationParser {
    static func parse(_ text: String) -> Duration? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, millis) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            if suffix == "s" && number.hasSuffix("m") { continue }
            guard let n = Int64(number), n > 0 else { return nil }
            return .milliseconds(n * millis)
        }
        return nil
    }
}
