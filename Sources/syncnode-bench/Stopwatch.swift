import Foundation

/// Monotonic wall-clock timing (not affected by clock adjustments).
struct Stopwatch {
    private let start = DispatchTime.now().uptimeNanoseconds

    var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    var milliseconds: Double { seconds * 1000 }

    /// Runs `body` and returns its result with the seconds it took.
    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let w = Stopwatch()
        let r = try body()
        return (r, w.seconds)
    }
}
