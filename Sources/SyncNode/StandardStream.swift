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
        _ = BufferedWriter.writeAll(Array(text.utf8)[...], to: self == .output ? 1 : 2)
    }
}
