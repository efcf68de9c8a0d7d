/// What a handler answers: a status, headers and a body that is either in
/// memory or produced chunk by chunk while it is sent.
///
/// The server computes `Content-Length` (or uses chunked encoding for a
/// stream of unknown length); handlers must not set `Content-Length` or
/// `Transfer-Encoding` themselves.
package struct HTTPResponse: Sendable {
    /// Produces the next chunk of a streamed body, or nil at the end. Throwing
    /// aborts the response: the connection is closed mid-body, so the client
    /// sees a truncated transfer rather than a short but "complete" one.
    package typealias ChunkReader = () throws -> [UInt8]?

    package enum Body: Sendable {
        case bytes([UInt8])
        /// A body made while it is sent (large pages): `open` is called once,
        /// on the thread that sends the response, just before the status is
        /// sent; the reader it returns is then called on that same thread
        /// until it returns nil. So the reader may hold non-Sendable state
        /// (a database cursor) without locks, while `open` itself only
        /// captures Sendable values. If `open` throws, the client gets a 500.
        /// `length`, when given, must be the exact total byte count.
        case stream(length: Int?, open: @Sendable () throws -> ChunkReader)
    }

    package var status: Int
    package var headers: HTTPHeaders
    package var body: Body

    package init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = .bytes(body)
    }

    package init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: Body) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    package static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"],
                     body: Array(text.utf8))
    }

    /// A streamed response; see `Body.stream`.
    package static func stream(
        status: Int = 200,
        headers: HTTPHeaders = HTTPHeaders(),
        length: Int? = nil,
        open: @escaping @Sendable () throws -> ChunkReader
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: .stream(length: length, open: open))
    }

    /// A streamed response sent from chunks already in memory (tests, small
    /// fixed pages); the total length is announced.
    package static func stream(
        status: Int = 200,
        headers: HTTPHeaders = HTTPHeaders(),
        chunks: [[UInt8]],
        announceLength: Bool = true
    ) -> HTTPResponse {
        let total = chunks.reduce(0) { $0 + $1.count }
        return stream(status: status, headers: headers, length: announceLength ? total : nil) {
            var next = 0
            return {
                guard next < chunks.count else { return nil }
                defer { next += 1 }
                return chunks[next]
            }
        }
    }

    /// The in-memory body, or nil for a stream.
    package var bodyBytes: [UInt8]? {
        if case .bytes(let b) = body { return b }
        return nil
    }
}
