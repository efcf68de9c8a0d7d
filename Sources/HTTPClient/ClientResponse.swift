import SyncProtocol

/// A complete response. Any status is a normal result, not a thrown error:
/// callers check `status` themselves (a 500 or a 302 is still a response).
public struct ClientResponse: Sendable, Hashable {
    public var status: Int
    public var headers: HTTPHeaders
    /// The body; empty when it was handed to a streaming consumer instead.
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// 200-299.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body read as UTF-8 (invalid sequences are replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
