import Glibc

/// Text written to a file descriptor in chunks of `chunkBytes`, so that
/// output made a record at a time (an export of 100,000 articles) costs one
/// write(2) per chunk, not one per record. The one write loop of this
/// module (`StandardStream` writes through `writeAll` too).
package final class BufferedWriter {
    package static let chunkBytes = 1 << 16
    let fd: Int32
    private var buffer: [UInt8] = []
    /// errno of the first write that failed; nothing is written after it.
    private(set) var failure: Int32?

    package init(fd: Int32) {
        self.fd = fd
    }

    /// Appends `text`, writing out a full chunk.
    package func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.chunkBytes { flush() }
    }

    /// Writes out what is buffered. Returns false when any write so far
    /// failed (`failure` says why).
    @discardableResult
    package func flush() -> Bool {
        if failure == nil, !Self.writeAll(buffer[...], to: fd) { failure = errno }
        buffer.removeAll(keepingCapacity: true)
        return failure == nil
    }

    /// Writes all of `bytes`, retrying on EINTR. False when a write fails
    /// (errno says why: EPIPE when the reader has gone, ENOSPC, ...).
    static func writeAll(_ bytes: ArraySlice<UInt8>, to fd: Int32) -> Bool {
        var rest = bytes
        while !rest.isEmpty {
            let n = rest.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            rest = rest.dropFirst(n)
        }
        return true
    }
}
