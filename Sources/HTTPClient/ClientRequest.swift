import SyncProtocol

/// A request to send to the client's peer.
package struct ClientRequest: Sendable, Hashable {
    /// `GET`, `POST`, `PUT`, `DELETE`, `HEAD`, ...
    package var method: String
    /// Path plus query, already percent-encoded, starting with `/`
    /// (appended to the base URL).
    package var target: String
    package var headers: HTTPHeaders
    package var body: [UInt8]
    /// A tighter bound than the configuration's `requestTimeout` for this
    /// request only (what is left of a caller's overall deadline).
    package var timeout: Duration?
    /// A tighter bound than the configuration's `maxResponseBytes` for this
    /// request only (a page's cap derived from its entry limit).
    package var maxResponseBytes: Int?

    package init(method: String = "GET", target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    package static func get(_ target: String, headers: HTTPHeaders = HTTPHeaders()) -> ClientRequest {
        ClientRequest(method: "GET", target: target, headers: headers)
    }

    package static func post(_ target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8]) -> ClientRequest {
        ClientRequest(method: "POST", target: target, headers: headers, body: body)
    }
}
