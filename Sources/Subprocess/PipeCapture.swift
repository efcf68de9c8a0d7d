import FoundationEssentials
import Glibc
import Synchronization
import Threads

/// Reads one pipe to its end on a background thread, so a chatty child
/// never blocks on a full pipe. Owns the descriptor: closes it at the end.
final class PipeCapture: Sendable {
    private let received = Received()
    private let reader: JoinableThread

    /// What the pipe delivered so far, shared with the reading thread.
    private final class Received: Sendable {
        let data = Mutex(Data())
    }

    /// - Throws: `JoinableThread.StartError`; `fd` is then still the caller's.
    init(reading fd: Int32) throws(JoinableThread.StartError) {
        let received = self.received
        reader = try JoinableThread {
            Descriptor.readToEnd(fd) { chunk in received.data.withLock { $0.append(contentsOf: chunk) } }
            close(fd)
        }
    }

    /// What the pipe delivered so far.
    var data: Data { received.data.withLock { $0 } }

    /// Waits up to `seconds` for the end of the pipe and the reading
    /// thread's exit.
    func waitForEnd(seconds: Double) {
        reader.join(within: seconds)
    }
}
