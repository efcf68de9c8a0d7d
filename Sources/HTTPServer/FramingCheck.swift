import SyncProtocol

/// Request-smuggling guard that libmicrohttpd 0.9.75 does not do itself: it
/// lets the first of two Content-Length headers win, prefers chunked over a
/// Content-Length, and hangs on an unknown Transfer-Encoding. Pure: decides
/// from the header fields alone, before any body byte is read.
enum FramingCheck {
    enum Verdict: Equatable {
        /// Framing is unambiguous; `contentLength` is nil for chunked or no body.
        case acceptable(contentLength: UInt64?)
        /// Answer 400 and close: the reason is for the log.
        case badRequest(String)
        /// Answer 413 and close, before reading the body.
        case tooLarge(declared: UInt64)
    }

    static func verdict(_ headers: [HTTPHeaders.Field], maxBodyBytes: Int) -> Verdict {
        var lengths: [String] = []
        var encodings: [String] = []
        for f in headers {
            if HTTPHeaders.sameName(f.name, "Content-Length") { lengths.append(f.value) }
            if HTTPHeaders.sameName(f.name, "Transfer-Encoding") { encodings.append(f.value) }
        }
        if lengths.count > 1 { return .badRequest("duplicate Content-Length headers") }
        if encodings.count > 1 { return .badRequest("duplicate Transfer-Encoding headers") }
        if !lengths.isEmpty && !encodings.isEmpty {
            return .badRequest("Content-Length together with Transfer-Encoding")
        }
        if let te = encodings.first {
            let value = trimmed(te)
            guard HTTPHeaders.sameName(value, "chunked") else {
                return .badRequest("unsupported Transfer-Encoding '\(value)' (only chunked is accepted)")
            }
            return .acceptable(contentLength: nil)
        }
        guard let raw = lengths.first else { return .acceptable(contentLength: nil) }
        let digits = trimmed(raw)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            return .badRequest("invalid Content-Length '\(digits)'")
        }
        guard let n = UInt64(digits) else { return .tooLarge(declared: UInt64.max) }
        if n > UInt64(max(0, maxBodyBytes)) { return .tooLarge(declared: n) }
        return .acceptable(contentLength: n)
    }

    private static func trimmed(_ s: String) -> String { HTTPHeaders.trimmingOWS(s) }
}
