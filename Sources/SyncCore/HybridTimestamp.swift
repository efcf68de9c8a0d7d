/// A hybrid logical clock reading: wall-clock milliseconds plus a logical
/// counter. It only orders concurrent siblings for display; it never decides
/// causality (version vectors do).
package struct HybridTimestamp: Sendable, Hashable, Comparable {
    package var millis: UInt64
    package var logical: UInt32

    package init(millis: UInt64, logical: UInt32 = 0) {
        self.millis = millis
        self.logical = logical
    }

    package static func < (a: HybridTimestamp, b: HybridTimestamp) -> Bool {
        (a.millis, a.logical) < (b.millis, b.logical)
    }

    /// The next reading after `self` given the local wall clock `now`:
    /// it never goes backwards, whatever the wall clock does.
    package func next(now: UInt64) -> HybridTimestamp {
        now > millis ? HybridTimestamp(millis: now) : HybridTimestamp(millis: millis, logical: logical &+ 1)
    }

    /// Folds in a received reading, ignoring one too far ahead of `now`
    /// (a skewed clock is flagged, not trusted).
    package func receiving(_ other: HybridTimestamp, now: UInt64, maxSkewMillis: UInt64) -> HybridTimestamp {
        if other.millis > now &+ maxSkewMillis { return self }
        return Swift.max(self, other)
    }
}
