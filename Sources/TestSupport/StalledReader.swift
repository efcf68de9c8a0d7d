#if canImport(Glibc)
import Glibc
#endif

/// A plain-TCP client that sends one request to a loopback port and then
/// reads nothing: the server's answer stays part-way out (its socket
/// buffers full) until `close()`. For tests that need a response held in
/// flight. Closes its socket when it goes away.
package final class StalledReader {
    private var fd: Int32

    /// Connects to 127.0.0.1:`port` and sends `request` whole.
    package init(port: UInt16, request: [UInt8]) throws {
        fd = LoopbackTCP.connect(port: port)
        guard fd >= 0 else { throw StalledReaderError("connect to 127.0.0.1:\(port) failed: errno \(errno)") }
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else {
            close()
            throw StalledReaderError("sent \(sent) of \(request.count) bytes")
        }
    }

    deinit { close() }

    /// Whether the answer has begun to arrive within `milliseconds` (reads
    /// none of it).
    package func answerArrived(within milliseconds: Int32) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, milliseconds) == 1 && p.revents & Int16(POLLIN) != 0
    }

    /// Closes the socket; idempotent.
    package func close() {
        guard fd >= 0 else { return }
        _ = Glibc.close(fd)   // nothing to do about a failed close of a test socket
        fd = -1
    }
}
