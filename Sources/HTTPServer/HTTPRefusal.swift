import SyncProtocol

/// A request the server refuses at the framing layer, before the responder
/// sees it: ambiguous framing (400), a declared body over the limit (413), a
/// head over the limit (431), a client certificate not accepted (403).
///
/// The head was parsed, so method and target are known: the responder's
/// `refuse(_:)` renders the answer, letting an application keep its error
/// format and sign it like any other response. The server adds
/// `Connection: close` and closes after sending.
package struct HTTPRefusal: Sendable {
    /// 400, 403, 413 or 431.
    package let status: Int
    /// A stable machine-readable code (`bad_request`, `forbidden`,
    /// `payload_too_large`, `header_too_large`).
    package let code: String
    /// For people: what was wrong and what to do.
    package let message: String
    /// Method, target and head of the refused request; the body is never read.
    package let request: HTTPRequest

    package init(status: Int, code: String, message: String, request: HTTPRequest) {
        self.status = status
        self.code = code
        self.message = message
        self.request = request
    }

    /// The default rendering: the protocol's JSON error body, unsigned.
    package var jsonResponse: HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"],
                     body: ErrorBody(code: code, message: message).encoded())
    }
}
