#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// A thread that can be waited for until it has *exited*, not only until
/// its work is done: a POSIX thread created joinable and joined with
/// `pthread_join`.
///
/// Foundation's `Thread.detachNewThread` threads cannot be joined; a
/// semaphore signalled at the end of their work leaves the thread still
/// exiting when the waiter goes on. What a thread frees as it exits (its
/// thread-local destructors: OpenSSL's per-thread random generators, for
/// one) may then still be allocated when the process exits, and
/// LeakSanitizer reports it. Join the threads of a run before it returns.
///
///     let worker = try JoinableThread { work() }
///     ...
///     worker.join()
///
/// A thread never joined is detached when its `JoinableThread` goes away,
/// so its resources are freed when it ends.
package final class JoinableThread: Sendable {
    /// The thread could not be created (`pthread_create` failed).
    package struct StartError: Error, CustomStringConvertible {
        package let code: Int32
        package var description: String { "cannot start a thread: pthread_create returned \(code)" }
    }

    /// The thread until it is joined (or detached).
    private let thread: Mutex<pthread_t?>
    /// Signalled once the body has returned: bounds `join(within:)`.
    private let finished: DispatchSemaphore

    /// What the new thread runs; passed to it retained.
    private final class Start: Sendable {
        let body: @Sendable () -> Void
        let finished: DispatchSemaphore
        init(_ body: @escaping @Sendable () -> Void, _ finished: DispatchSemaphore) {
            self.body = body
            self.finished = finished
        }
    }

    /// Starts a thread running `body`.
    /// - Throws: `StartError` if the system cannot create another thread.
    package init(_ body: @escaping @Sendable () -> Void) throws(StartError) {
        let finished = DispatchSemaphore(value: 0)
        self.finished = finished
        let start = Unmanaged.passRetained(Start(body, finished)).toOpaque()
        var tid = pthread_t()
        let rc = pthread_create(&tid, nil, { arg in
            guard let arg else { return nil }
            let start = Unmanaged<Start>.fromOpaque(arg).takeRetainedValue()
            start.body()
            start.finished.signal()
            return nil
        }, start)
        guard rc == 0 else {
            Unmanaged<Start>.fromOpaque(start).release()
            throw StartError(code: rc)
        }
        thread = Mutex(tid)
    }

    deinit {
        if let tid = thread.withLock({ $0 }) {
            // Fails only for a thread not joinable or unknown: never one made here and not yet joined.
            let rc = pthread_detach(tid)
            precondition(rc == 0, "JoinableThread: pthread_detach returned \(rc)")
        }
    }

    /// Waits until the thread has exited (at once if it was joined before).
    package func join() {
        thread.withLock { tid in
            guard let t = tid else { return }
            // EDEADLK: joined from its own thread (a body that joins itself),
            // a bug to see at once rather than a thread never waited for.
            let rc = pthread_join(t, nil)
            precondition(rc == 0, "JoinableThread: pthread_join returned \(rc)\(rc == EDEADLK ? " (a thread joining itself)" : "")")
            tid = nil
        }
    }

    /// Waits up to `seconds` for the body to return, then until the thread
    /// has exited; false (and not joined) if the body still runs.
    @discardableResult
    package func join(within seconds: Double) -> Bool {
        if thread.withLock({ $0 == nil }) { return true }
        guard finished.wait(timeout: .now() + seconds) == .success else { return false }
        finished.signal()   // for a later call
        join()
        return true
    }
}
