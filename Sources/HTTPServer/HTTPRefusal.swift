/// A request the server refused before its body was read (framing, size,
/// client certificate), handed to the responder so that it can answer in
/// its own protocol's form (a signed JSON error, say) instead of the
/// server's fixed plain-text one.
public struct HTTPRefusal: Sendable, Hashable {
    public var status: Int
    /// A stable label: `bad_request`, `payload_too_large` or `forbidden`.
    public var code: String
    /// What was wrong, for people.
    public var message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }
}
