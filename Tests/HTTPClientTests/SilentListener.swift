#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP socket that listens but never accepts or answers: the
/// kernel completes the TCP handshake, then nothing ever comes back.
final class SilentListener {
    let port: UInt16
    private let fd: Int32

    /// - Parameter listen: false binds without listening, so connecting is refused.
    init(listen shouldListen: Bool = true) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ListenerError(what: "socket") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { close(fd); throw ListenerError(what: "bind") }
        if shouldListen {
            guard listen(fd, 8) == 0 else { close(fd); throw ListenerError(what: "listen") }
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else { close(fd); throw ListenerError(what: "getsockname") }
        self.fd = fd
        port = UInt16(bigEndian: addr.sin_port)
    }

    deinit { close(fd) }

    struct ListenerError: Error, CustomStringConvertible {
        let what: String
        var description: String { "\(what) failed for the test listener: errno \(errno)" }
    }
}
