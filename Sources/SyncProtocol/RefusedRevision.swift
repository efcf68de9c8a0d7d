/// One entry of `error.rejected` in a 422 answer: a revision that made the
/// receiver refuse the whole change-set, in a form a pusher can act on
/// without parsing the message.
package struct RefusedRevision: Sendable, Hashable, Codable {
    /// `actor:counter`.
    package var revision: String
    package var documentID: String
    /// `bad_signature` in protocol v1; a pusher treats any other code alike.
    package var code: String

    enum CodingKeys: String, CodingKey {
        case revision
        case documentID = "document_id"
        case code
    }

    package init(revision: String, documentID: String, code: String) {
        self.revision = revision
        self.documentID = documentID
        self.code = code
    }

    package var json: WireJSON {
        .object(["revision": .string(revision), "document_id": .string(documentID), "code": .string(code)])
    }

    package init(json value: WireJSON, path: String) throws(WireError) {
        let f = try WireJSONObject(value, path: path)
        self.init(revision: try f.string("revision"), documentID: try f.string("document_id"), code: try f.string("code"))
    }
}
