/// Numbers as the CLI prints them, in the standard library only: the
/// binary links FoundationEssentials, which has no `String(format:)`.
enum NumberText {
    /// `value` with `decimals` places, as printf's "%.2f" prints it, except
    /// at a halfway point (`value * 10^decimals` ending in .5), which is
    /// rounded away from zero, and that it never prints "-0".
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        // Beyond what an Int holds after scaling: no CLI figure gets there.
        guard value.isFinite, abs(value) < 1e15 else { return String(value) }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(whole) }
        return sign + String(whole) + "." + zeroPadded(Int(scaled - Double(whole) * scale), decimals)
    }

    /// `n` with at least `width` digits, zeros in front: `padded(5, 2)` is "05".
    static func zeroPadded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `text` with spaces after it up to `width` characters (cut if longer).
    static func leftAligned(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }
}
