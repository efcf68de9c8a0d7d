#if canImport(Glibc)
import Glibc
#endif

extension JoinableThread {
    /// Blocks the calling thread for `duration` (nanosleep, resumed after
    /// a signal until the whole time has passed). Foundation's
    /// `Thread.sleep` without Foundation, which the binary does not link.
    package static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || (seconds == 0 && attoseconds > 0) else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
