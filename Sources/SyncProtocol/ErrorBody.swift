/// The JSON body of every error response:
/// `{"error": {"code": "not_found", "message": "..."}}`.
///
/// `code` is stable and machine-readable; `message` is for people and says
/// what to do next. Each code has one HTTP status (`status(for:)`).
package struct ErrorBody: Sendable, Hashable, Codable, CustomStringConvertible {
    package var code: String
    package var message: String
    /// With `rejected` (422): the revisions that refused the change-set.
    /// Empty, and left out of the body, for every other error.
    package var rejected: [RefusedRevision]

    package init(code: String, message: String, rejected: [RefusedRevision] = []) {
        self.code = code
        self.message = message
        self.rejected = rejected
    }

    /// The codes this protocol defines and their statuses.
    package static let statuses: [String: Int] = [
        "bad_request": 400,
        "invalid_message": 400,
        "unauthenticated": 401,
        "replayed": 401,
        "forbidden": 403,
        "not_found": 404,
        "method_not_allowed": 405,
        "payload_too_large": 413,
        "header_too_large": 431,
        "rejected": 422,
        "unsupported_media_type": 415,
        "internal": 500,
        "unavailable": 503,
    ]

    /// The HTTP status for a code (500 for an unknown one).
    package static func status(for code: String) -> Int { statuses[code] ?? 500 }

    /// The error for a message that failed to decode.
    package init(_ error: WireError) {
        self.init(code: error.code == .tooLarge && error.field.isEmpty ? "payload_too_large" : "invalid_message",
                  message: error.description)
    }

    package var status: Int { Self.status(for: code) }

    package var json: WireJSON {
        var inner: [String: WireJSON] = ["code": .string(code), "message": .string(message)]
        if !rejected.isEmpty { inner["rejected"] = .array(rejected.map(\.json)) }
        return .object(["error": .object(inner)])
    }

    package func encoded() -> [UInt8] { json.serialized() }

    package static func decode(_ bytes: [UInt8]) throws(WireError) -> ErrorBody {
        let e = try WireJSONObject(WireJSONParser.parse(bytes), path: "").object("error")
        var rejected: [RefusedRevision] = []
        if e.members["rejected"] != nil {
            let items = try e.array("rejected")
            guard items.count <= WireLimits.maxRevisionsPerChangeSet else {
                throw WireError(.tooLarge, field: "error.rejected", "has \(items.count) entries; at most \(WireLimits.maxRevisionsPerChangeSet) are allowed")
            }
            for (i, item) in items.enumerated() { rejected.append(try RefusedRevision(json: item, path: "error.rejected[\(i)]")) }
        }
        return ErrorBody(code: try e.string("code"), message: String(try e.string("message").prefix(WireLimits.maxErrorMessageBytes)),
                         rejected: rejected)
    }

    /// "code: message", and for a 422 the refused revisions (the first
    /// three and how many in all), so that a pusher's report names them.
    package var description: String {
        guard !rejected.isEmpty else { return "\(code): \(message)" }
        let named = rejected.prefix(3).map { "\($0.revision) of \($0.documentID): \($0.code)" }.joined(separator: ", ")
        let more = rejected.count > 3 ? " and \(rejected.count - 3) more" : ""
        return "\(code): \(message) (refused: \(named)\(more))"
    }

    // Codable uses the same nested shape as the wire.
    enum OuterKeys: String, CodingKey { case error }
    enum InnerKeys: String, CodingKey { case code, message, rejected }

    package init(from decoder: any Decoder) throws {
        let inner = try decoder.container(keyedBy: OuterKeys.self).nestedContainer(keyedBy: InnerKeys.self, forKey: .error)
        self.init(code: try inner.decode(String.self, forKey: .code), message: try inner.decode(String.self, forKey: .message),
                  rejected: try inner.decodeIfPresent([RefusedRevision].self, forKey: .rejected) ?? [])
    }

    package func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: OuterKeys.self)
        var inner = outer.nestedContainer(keyedBy: InnerKeys.self, forKey: .error)
        try inner.encode(code, forKey: .code)
        try inner.encode(message, forKey: .message)
        if !rejected.isEmpty { try inner.encode(rejected, forKey: .rejected) }
    }
}
