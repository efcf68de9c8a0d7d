#if canImport(Glibc)
import Glibc
#endif

/// A parsed listen address: numeric IPv4/IPv6 (or `localhost`), no DNS.
struct ListenAddress {
    enum Family { case v4(in_addr), v6(in6_addr) }
    let host: String
    let family: Family

    /// Nil unless `host` is a numeric IPv4/IPv6 address or `localhost`.
    init?(_ host: String) {
        let text = host == "localhost" ? "127.0.0.1" : host
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.host = text
            family = .v4(v4)
            return
        }
        var v6 = in6_addr()
        let bare = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        if inet_pton(AF_INET6, bare, &v6) == 1 {
            self.host = bare
            family = .v6(v6)
            return
        }
        return nil
    }

    var isIPv6: Bool {
        if case .v6 = family { return true }
        return false
    }

    /// 127.0.0.0/8 or ::1.
    var isLoopback: Bool {
        switch family {
        case .v4(let a):
            return UInt32(bigEndian: a.s_addr) >> 24 == 127
        case .v6(let a):
            var copy = a
            return withUnsafeBytes(of: &copy) { raw in
                raw.prefix(15).allSatisfy { $0 == 0 } && raw[15] == 1
            }
        }
    }

    /// Calls `body` with a `sockaddr_in`/`sockaddr_in6` for `port`, valid only inside `body`.
    func withSockAddr<R>(port: UInt16, _ body: (UnsafeMutableRawPointer) -> R) -> R {
        switch family {
        case .v4(let a):
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            sa.sin_port = port.bigEndian
            sa.sin_addr = a
            return withUnsafeMutablePointer(to: &sa) { body(UnsafeMutableRawPointer($0)) }
        case .v6(let a):
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            sa.sin6_port = port.bigEndian
            sa.sin6_addr = a
            return withUnsafeMutablePointer(to: &sa) { body(UnsafeMutableRawPointer($0)) }
        }
    }
}
