import Foundation

/// Monotonic wall-clock timing (not affected by clock adjustments), plus
/// the CPU time this process spent meanwhile (user + system, all threads):
/// the CPU figure is steadier when other programs share the cores.
struct Stopwatch {
    private let start = DispatchTime.now().uptimeNanoseconds
    private let startCPU = Stopwatch.processCPUSeconds()

    var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    var milliseconds: Double { seconds * 1000 }
    var cpuSeconds: Double { Stopwatch.processCPUSeconds() - startCPU }

    /// Runs `body` and returns its result with the wall seconds it took.
    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let w = Stopwatch()
        let r = try body()
        return (r, w.seconds)
    }

    /// Runs `body` and returns its result with wall and CPU seconds.
    static func measure<T>(_ body: () throws -> T) rethrows -> (result: T, wall: Double, cpu: Double) {
        let w = Stopwatch()
        let r = try body()
        return (r, w.seconds, w.cpuSeconds)
    }

    static func processCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }
}
