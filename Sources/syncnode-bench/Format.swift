import Foundation

/// Number formatting for the tables.
enum Format {
    static func fixed(_ v: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", v)
    }

    /// 12,345 (thousands separated).
    static func count(_ v: Double) -> String {
        let n = Int(v.rounded())
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func ratio(_ v: Double) -> String { fixed(v, 2) + "x" }

    static func megabytes(_ v: Double?) -> String { v.map { fixed($0, 1) + " MB" } ?? "n/a" }

    static func bytes(_ v: Int) -> String {
        if v >= 10 << 20 { return fixed(Double(v) / 1_048_576, 1) + " MiB" }
        if v >= 10 << 10 { return fixed(Double(v) / 1024, 1) + " KiB" }
        return "\(v) B"
    }

    static func milliseconds(_ seconds: Double) -> String { fixed(seconds * 1000, seconds < 0.1 ? 2 : 1) + " ms" }

    static func seconds(_ s: Double) -> String { s < 1 ? milliseconds(s) : fixed(s, 2) + " s" }

    /// The p-th percentile (0...100) of `values`, nearest rank.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
