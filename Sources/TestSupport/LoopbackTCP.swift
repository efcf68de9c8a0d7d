#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection to 127.0.0.1, as the raw-socket test clients open it.
package enum LoopbackTCP {
    /// A connected socket to 127.0.0.1:`port`, or -1 (errno says why).
    package static func connect(port: UInt16) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let e = errno
            _ = close(fd)   // a socket that never connected: nothing to report
            errno = e
            return -1
        }
        return fd
    }
}
