#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback TCP socket standing in for a broken peer. Listening but never
/// accepting: the kernel completes the TCP handshake and then nothing comes
/// back (a hung peer). Bound but not listening: connections are refused (a
/// peer that is down), and holding the port keeps anything else off it.
/// Closed by its file descriptor in `close()` or `deinit`.
final class OperationsListener {
    let port: UInt16
    private var fd: Int32

    init(listening: Bool) throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ListenerError(call: "socket", errno: errno) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { let e = errno; _ = systemClose(fd); throw ListenerError(call: "bind", errno: e) }
        if listening {
            guard listen(fd, 16) == 0 else { let e = errno; _ = systemClose(fd); throw ListenerError(call: "listen", errno: e) }
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else { let e = errno; _ = systemClose(fd); throw ListenerError(call: "getsockname", errno: e) }
        self.fd = fd
        port = UInt16(bigEndian: addr.sin_port)
    }

    deinit { close() }

    /// Closes the socket (idempotent).
    func close() {
        if fd >= 0 { _ = systemClose(fd) }
        fd = -1
    }

    struct ListenerError: Error, CustomStringConvertible {
        let call: String
        let errno: Int32
        var description: String { "\(call) failed for the test's stand-in peer socket: errno \(errno)" }
    }
}

private func systemClose(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(fd)
    #else
    Darwin.close(fd)
    #endif
}
