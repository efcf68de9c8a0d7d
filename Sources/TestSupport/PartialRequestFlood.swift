#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A slowloris for tests: keeps `count` TCP connections to a loopback port
/// open, each having sent `partial` (an unfinished request head) and then
/// nothing; a connection the server closes is opened again at once, as an
/// attacker would. Runs on its own thread until `stop()` (or `deinit`),
/// which closes every socket by its descriptor.
package final class PartialRequestFlood: Sendable {
    package let port: UInt16
    package let count: Int
    private let partial: [UInt8]
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)
    /// Connections opened so far (the first `count` plus every reopening).
    package let opened = Atomic<Int>(0)
    /// Connections the server closed (evicted, refused, cut off).
    package let closedByServer = Atomic<Int>(0)

    package init(port: UInt16, count: Int, partial: [UInt8]) {
        self.port = port
        self.count = count
        self.partial = partial
        Thread.detachNewThread { [self] in
            loop()
            finished.signal()
        }
    }

    deinit { stop() }

    /// Stops the flood and closes its sockets; idempotent.
    package func stop() {
        guard running.exchange(false, ordering: .sequentiallyConsistent) else { return }
        finished.wait()
    }

    /// Open `count` connections as fast as possible, then keep them open.
    private func loop() {
        var fds = [Int32](repeating: -1, count: count)
        defer { for fd in fds where fd >= 0 { _ = close(fd) } }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while running.load(ordering: .relaxed) {
            for i in fds.indices where fds[i] < 0 && running.load(ordering: .relaxed) {
                fds[i] = open()
            }
            var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polls, nfds_t(polls.count), 50)
            guard ready > 0 else { continue }
            for i in polls.indices where polls[i].fd >= 0 && polls[i].revents != 0 {
                let n = recv(polls[i].fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if n <= 0 {   // closed or reset by the server: reconnect
                    _ = close(polls[i].fd)
                    fds[i] = -1
                    closedByServer.add(1, ordering: .relaxed)
                }
            }
        }
    }

    /// One connection with the partial head sent, or -1 (retried next round).
    private func open() -> Int32 {
        let fd = LoopbackTCP.connect(port: port)
        guard fd >= 0 else { return -1 }
        if !partial.isEmpty {
            let sent = partial.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent == partial.count else { _ = close(fd); return -1 }
        }
        opened.add(1, ordering: .relaxed)
        return fd
    }
}
