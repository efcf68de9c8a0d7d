extension StringProtocol {
    /// Without white space (spaces, tabs, line ends: Unicode White_Space)
    /// at either end, by whole characters. What Foundation's
    /// `trimmingCharacters(in:)` did here, but for U+200B (zero width, not
    /// White_Space), which this keeps; the binary links
    /// FoundationEssentials only, which lacks it.
    package func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
