#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP socket that never answers: listening, the kernel completes
/// the TCP handshake and then nothing comes back (a hung peer); bound but not
/// listening, connections are refused (a peer that is down). Closed by its
/// file descriptor in `close()` or `deinit`.
package final class LoopbackListener {
    package let port: UInt16
    private var fd: Int32

    /// - Parameter listening: false binds without listening, so connecting is refused.
    package init(listening: Bool) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ListenerError(call: "socket", errno: errno) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { let e = errno; Glibc.close(fd); throw ListenerError(call: "bind", errno: e) }
        if listening {
            guard listen(fd, 8) == 0 else { let e = errno; Glibc.close(fd); throw ListenerError(call: "listen", errno: e) }
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else { let e = errno; Glibc.close(fd); throw ListenerError(call: "getsockname", errno: e) }
        self.fd = fd
        port = UInt16(bigEndian: addr.sin_port)
    }

    deinit { close() }

    /// Closes the socket (idempotent).
    package func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    package struct ListenerError: Error, CustomStringConvertible {
        let call: String
        let errno: Int32
        package var description: String { "\(call) failed for the test listener: errno \(errno)" }
    }
}
