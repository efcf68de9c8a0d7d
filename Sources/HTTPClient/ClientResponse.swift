import SyncProtocol

/// A complete response. Any status is a normal result, not a thrown error:
/// callers check `status` themselves (a 500 or a 302 is still a response).
package struct ClientResponse: Sendable, Hashable {
    package var status: Int
    package var headers: HTTPHeaders
    /// The body; empty when it was handed to a streaming consumer instead.
    package var body: [UInt8]

    package init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// 200-299.
    package var isSuccess: Bool { (200..<300).contains(status) }

    /// The body read as UTF-8 (invalid sequences are replaced).
    package var bodyText: String { String(decoding: body, as: UTF8.self) }
}
