import Glibc

/// This process's standard output or error, written whole with write(2):
/// FileHandle without Foundation, which the binary does not link.
package enum StandardStream {
    case output
    case error

    /// Writes all of `text`; stops quietly on an error (EPIPE from a reader
    /// gone from the pipe, where SIGPIPE is ignored), as there is no one
    /// left to tell.
    package func write(_ text: String) {
        let fd: Int32 = self == .output ? 1 : 2
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            bytes = bytes.dropFirst(n)
        }
    }
}
