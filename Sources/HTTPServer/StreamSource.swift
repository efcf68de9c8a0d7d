#if canImport(Glibc)
import Glibc
#endif
internal import CMicroHTTPD
import SyncProtocol

/// Feeds a streamed `HTTPResponse` body to MHD's content-reader callback.
///
/// MHD calls the reader only from the worker thread that owns the
/// connection, and frees it (free callback) once; so, like the chunk reader
/// it wraps, it is confined to one thread at a time and needs no lock.
final class StreamSource {
    private let next: HTTPResponse.ChunkReader
    private var pending: [UInt8] = []
    private var offset = 0
    private var ended = false
    private let log: (@Sendable (String) -> Void)?
    private let label: String

    init(next: @escaping HTTPResponse.ChunkReader, label: String, log: (@Sendable (String) -> Void)?) {
        self.next = next
        self.label = label
        self.log = log
    }

    /// Copies up to `max` bytes into `buf`; returns the count, or MHD's
    /// end-of-stream / error markers.
    func read(into buf: UnsafeMutablePointer<CChar>, max: Int) -> Int {
        var written = 0
        while written < max {
            if offset == pending.count {
                if ended { break }
                do {
                    guard let chunk = try next() else { ended = true; break }
                    pending = chunk
                    offset = 0
                    continue
                } catch {
                    log?("streamed body for \(label) failed after the status was sent, closing: \(error)")
                    return MHD_CONTENT_READER_END_WITH_ERROR
                }
            }
            let n = min(max - written, pending.count - offset)
            pending.withUnsafeBytes { src in
                UnsafeMutableRawPointer(buf + written).copyMemory(from: src.baseAddress! + offset, byteCount: n)
            }
            offset += n
            written += n
        }
        if written == 0 && ended { return MHD_CONTENT_READER_END_OF_STREAM }
        return written
    }

    static let reader: MHD_ContentReaderCallback = { cls, _, buf, max in
        guard let cls, let buf else { return MHD_CONTENT_READER_END_WITH_ERROR }
        return Unmanaged<StreamSource>.fromOpaque(cls).takeUnretainedValue().read(into: buf, max: max)
    }

    static let free: MHD_ContentReaderFreeCallback = { cls in
        guard let cls else { return }
        Unmanaged<StreamSource>.fromOpaque(cls).release()
    }
}
