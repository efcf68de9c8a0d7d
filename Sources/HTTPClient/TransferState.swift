internal import CCurl
import SyncProtocol

/// What one transfer collects in libcurl's callbacks. Lives on the stack of
/// `HTTPClient.perform` for exactly one `curl_easy_perform`, reached by the
/// callbacks through an unretained pointer; single-threaded.
final class TransferState {
    let maxBytes: Int
    /// Receives 2xx bodies chunk by chunk instead of `body` (streaming mode).
    var consumer: (([UInt8]) throws -> Void)?
    var status = 0
    var headers = HTTPHeaders()
    var body: [UInt8] = []
    var received = 0
    var tooLarge = false
    var consumerError: (any Error)?
    var badHeader: String?
    /// The final response's Content-Length, when announced.
    var announcedLength: UInt64?

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// One header line (status line, field, or the blank end line). Returns
    /// false to abort the transfer.
    func header(_ line: [UInt8]) -> Bool {
        var text = String(decoding: line, as: UTF8.self)
        while let last = text.last, last == "\r\n" || last == "\n" || last == "\r" { text.removeLast() }
        if text.hasPrefix("HTTP/") {
            // A new response (after 100 Continue, or the only one): start over.
            let parts = text.split(separator: " ", maxSplits: 2)
            status = parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
            headers = HTTPHeaders()
            announcedLength = nil
            return true
        }
        if text.isEmpty { return true }
        if let first = text.first, first == " " || first == "\t" {
            badHeader = "obsolete folded header line"
            return false
        }
        guard let colon = text.firstIndex(of: ":") else {
            badHeader = "header line without a colon"
            return false
        }
        let name = String(text[..<colon])
        let value = String(text[text.index(after: colon)...]).trimmingSpaces()
        headers.add(name: name, value: value)
        if HTTPHeaders.sameName(name, "Content-Length"), let n = UInt64(value), status >= 200 {
            announcedLength = n
            if n > UInt64(maxBytes) {
                tooLarge = true   // refuse before any body byte arrives
                return false
            }
            // One allocation of the announced size instead of doubling (which
            // peaks at 1.5x and leaves freed blocks behind).
            if consumer == nil { body.reserveCapacity(Int(n)) }
        }
        return true
    }

    /// One piece of body. Returns false to abort the transfer.
    func data(_ bytes: UnsafeRawBufferPointer) -> Bool {
        received += bytes.count
        guard received <= maxBytes else {
            tooLarge = true
            return false
        }
        if let consumer, (200..<300).contains(status) {
            do {
                try consumer(Array(bytes))
            } catch {
                consumerError = error
                return false
            }
        } else {
            if body.capacity == 0 && announcedLength == nil {
                // Chunked: reserve the cap once. Pages of it become resident
                // only as bytes arrive (large blocks are mmapped, see
                // ResponseMemory), and the body never moves while growing, so
                // the peak is the body, not 1.5 times it.
                body.reserveCapacity(min(maxBytes, 64 << 20))
            }
            body.append(contentsOf: bytes)
        }
        return true
    }

    static let onHeader: curl_write_callback = { ptr, size, count, userdata in
        let n = size * count
        guard let ptr, let userdata else { return 0 }
        let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
        let line = Array(UnsafeRawBufferPointer(start: ptr, count: n))
        return state.header(line) ? n : 0
    }

    static let onData: curl_write_callback = { ptr, size, count, userdata in
        let n = size * count
        guard let userdata else { return 0 }
        let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
        guard let ptr, n > 0 else { return n }
        return state.data(UnsafeRawBufferPointer(start: ptr, count: n)) ? n : 0
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String { HTTPHeaders.trimmingOWS(self) }
}
