import Synchronization

/// Process ids shared with a signal handler's thread.
final class PIDList: Sendable {
    private let pids = Mutex<[Int32]>([])

    func append(_ pid: Int32) { pids.withLock { $0.append(pid) } }
    func removeAll() { pids.withLock { $0.removeAll() } }
    var all: [Int32] { pids.withLock { $0 } }
}
