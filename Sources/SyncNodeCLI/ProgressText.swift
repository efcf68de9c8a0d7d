import FoundationEssentials

/// The words of the progress lines, apart from the terminal that shows them:
/// pure functions of counts and time, so that tests check them without a TTY.
enum ProgressText {
    /// `pull singapore: 42% (seq 2100 of 5000), 1800 revisions, 512 KiB, 900 rev/s, ETA 3s`.
    /// The share is of the peer's sequence range this pull covers, from
    /// `startSeq` (where it started) to `headSeq` (the peer's head, when the
    /// peer said it); without a head, counts and rate only.
    static func transfer(peer: String, direction: String, received: Int, bytes: Int, seconds: Double,
                         startSeq: UInt64 = 0, seq: UInt64 = 0, headSeq: UInt64? = nil) -> String {
        var parts: [String] = []
        let covered = share(startSeq: startSeq, seq: seq, headSeq: headSeq)
        if let covered, let head = headSeq {
            parts.append("\(Int(covered * 100))% (seq \(min(seq, head)) of \(head))")
        }
        parts.append("\(received) revisions")
        parts.append("\(bytes / 1024) KiB")
        parts.append("\(rate(received, seconds)) rev/s")
        if let covered, let eta = eta(share: covered, seconds: seconds) {
            parts.append("ETA \(duration(eta))")
        }
        return "\(direction) \(peer): " + parts.joined(separator: ", ")
    }

    /// `import: 12000 records read, 9000 written, 4000 rec/s`. An import
    /// reads its files twice (match, then write): `written` counts the second pass.
    static func importing(read: Int, written: Int, seconds: Double) -> String {
        "import: \(read) records read, \(written) written, \(rate(read + written, seconds)) rec/s"
    }

    /// The covered share of `startSeq...headSeq`, 0 to 1; nil without a head
    /// beyond the start (nothing to measure against).
    static func share(startSeq: UInt64, seq: UInt64, headSeq: UInt64?) -> Double? {
        guard let head = headSeq, head > startSeq else { return nil }
        let covered = min(max(seq, startSeq), head) - startSeq
        return Double(covered) / Double(head - startSeq)
    }

    /// Seconds left at the pace so far; nil before anything is covered or once all is.
    static func eta(share: Double, seconds: Double) -> Double? {
        guard share > 0, share < 1, seconds > 0 else { return nil }
        return seconds * (1 - share) / share
    }

    static func rate(_ count: Int, _ seconds: Double) -> Int {
        seconds > 0 ? Int(Double(count) / seconds) : 0
    }

    /// `7s`, `2m05s`, `1h02m`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(NumberText.zeroPadded(s % 60, 2))s" }
        return "\(s / 3600)h\(NumberText.zeroPadded((s % 3600) / 60, 2))m"
    }
}
