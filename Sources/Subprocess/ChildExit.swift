import Dispatch
import Glibc
import Synchronization
import Threads

/// Waits for one child process on a thread of its own and reaps it. The
/// child is reaped only under `state`'s lock, and `send` signals it under
/// the same lock while it is not reaped, so a signal can never reach
/// another process that has since been given the same PID.
final class ChildExit: Sendable {
    let pid: pid_t
    private let shared = Shared()
    private let waiter: JoinableThread

    /// What the waiting thread and the callers share.
    private final class Shared: Sendable {
        /// The raw wait status once the child is reaped; nil while it runs.
        let state = Mutex<Int32?>(nil)
        /// Signalled once reaped, and again by each waiter that passes (a latch).
        let reaped = DispatchSemaphore(value: 0)
    }

    /// - Throws: `JoinableThread.StartError` when no thread can be started;
    ///   the child is then neither waited for nor signalled by this.
    init(pid: pid_t) throws(JoinableThread.StartError) {
        self.pid = pid
        let shared = self.shared
        waiter = try JoinableThread {
            // Wait without reaping (WNOWAIT), then reap under the lock.
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
            shared.state.withLock { status in
                var raw: Int32 = 0
                var rc: pid_t
                repeat { rc = waitpid(pid, &raw, 0) } while rc == -1 && errno == EINTR
                // Reaped by someone else (SIGCHLD ignored): its status is lost; report 255.
                status = rc == pid ? raw : 255 << 8
            }
            shared.reaped.signal()
        }
    }

    var hasExited: Bool { shared.state.withLock { $0 != nil } }

    /// Waits up to `seconds` (nil: as long as it takes) for the child to
    /// be reaped; true once it has been.
    func wait(seconds: Double?) -> Bool {
        if !hasExited {
            if let seconds {
                guard shared.reaped.wait(timeout: .now() + seconds) == .success else { return false }
            } else {
                shared.reaped.wait()
            }
            shared.reaped.signal()
        }
        // Reaped: the waiting thread has nothing left to do but return.
        // (Joining again is a no-op.)
        waiter.join(within: 10)
        return true
    }

    /// The exit status (128 + the signal number for a signalled child), or
    /// nil while it runs.
    var status: Int32? {
        shared.state.withLock { raw in
            raw.map { $0 & 0x7F == 0 ? ($0 >> 8) & 0xFF : 128 + ($0 & 0x7F) }
        }
    }

    /// True when a signal ended the child (false while it runs).
    var wasSignalled: Bool { shared.state.withLock { raw in raw.map { $0 & 0x7F != 0 } ?? false } }

    /// Sends `signal` to the child unless it has been reaped.
    func send(_ signal: Int32) {
        shared.state.withLock { status in
            if status == nil { _ = kill(pid, signal) }
        }
    }
}
