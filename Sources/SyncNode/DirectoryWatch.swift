#if canImport(Glibc)
import Glibc
#endif

/// Tells whether anything in one directory may have changed since the last
/// look, with one non-blocking `read` of an inotify descriptor: the kernel
/// queues an event for every file created, written, renamed, removed or
/// changed in its attributes there before the syscall that did it returns,
/// so a change made before a request is seen by that request.
///
/// `@unchecked Sendable`: the descriptor and watch are set once in `init`;
/// `poll` may be called from any thread (a `read` of an inotify descriptor
/// is thread-safe: each event is returned to one reader), and the caller
/// (`TrustCache`) calls it under its own lock so that a thread that finds
/// the queue empty cannot overtake one that is reloading.
final class DirectoryWatch: @unchecked Sendable {
    enum Change {
        /// No event since the last poll.
        case none
        /// Something in the directory changed (or the kernel dropped events).
        case changed
        /// The watch itself is gone (the directory was removed or renamed):
        /// nothing more will be reported; look again some other way.
        case lost
    }

    private let fd: Int32

    /// Nil when inotify is unavailable (no more instances for this user,
    /// not Linux, the directory missing): the caller then checks by `stat`.
    init?(directory: String) {
        #if os(Linux)
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        let mask = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
                          | IN_DELETE_SELF | IN_MOVE_SELF)
        guard inotify_add_watch(fd, directory, mask) >= 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
        #else
        return nil
        #endif
    }

    deinit { close(fd) }

    /// Drains the queued events; what they amount to.
    func poll() -> Change {
        #if os(Linux)
        // On the stack: called on every request `serve` answers.
        withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 8) { buffer in drain(buffer) }
        #else
        return .lost
        #endif
    }

    #if os(Linux)
    private func drain(_ buffer: UnsafeMutableRawBufferPointer) -> Change {
        var result = Change.none
        let size = buffer.count
        while true {
            let n = read(fd, buffer.baseAddress, size)
            if n < 0 {
                if errno == EINTR { continue }
                // EAGAIN: the queue is empty. Anything else: assume a change.
                return errno == EAGAIN || errno == EWOULDBLOCK ? result : .changed
            }
            if n == 0 { return .changed }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let event = buffer.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                if event.mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT) != 0 {
                    result = .lost
                } else if case .none = result {
                    result = .changed
                }
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
            }
        }
    }
    #endif
}
