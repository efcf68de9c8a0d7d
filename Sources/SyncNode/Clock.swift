import Foundation

/// Wall-clock milliseconds since 1970, the one place the node reads time
/// (so tests and benchmarks can pass their own).
public enum Clock {
    public static func nowMillis() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }
}
