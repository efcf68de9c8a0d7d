import Glibc

/// Whole reads and writes on a file descriptor, retried on EINTR: the one
/// loop of each for this module's pipes and files.
enum Descriptor {
    /// Calls `body` with each chunk read from `fd` until end of file or an error.
    static func readToEnd(_ fd: Int32, _ body: (ArraySlice<UInt8>) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            body(buffer[0..<n])
        }
    }

    /// Writes all of `bytes`; stops early when a write fails (EPIPE: the
    /// reader has closed its end).
    static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        var rest = bytes[...]
        while !rest.isEmpty {
            let n = rest.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            rest = rest.dropFirst(n)
        }
    }
}
