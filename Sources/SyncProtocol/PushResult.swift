/// The answer to `POST /v1/changesets`: what happened to each revision,
/// by revision id (`actor:counter`).
package struct PushResult: Sendable, Hashable, Codable {
    /// A revision the receiver refused, and why (for the pusher's log).
    package struct Rejection: Sendable, Hashable, Codable {
        package var revision: String
        package var documentID: String
        /// A stable label (`not_owner`, `invalid_content`, `kind_mismatch`,
        /// `reused_counter`, `unknown_author`, `revoked_key`; docs/protocol.md).
        package var code: String
        package var reason: String

        enum CodingKeys: String, CodingKey {
            case revision
            case documentID = "document_id"
            case code, reason
        }

        package init(revision: String, documentID: String, code: String, reason: String) {
            self.revision = revision
            self.documentID = documentID
            self.code = code
            self.reason = reason
        }
    }

    package var changesetID: String
    /// Stored and now current (or a new concurrent sibling; see `conflicts`).
    package var applied: [String]
    /// Already stored before this push: nothing to do.
    package var alreadyHad: [String]
    /// Applied revisions that are concurrent with another head of their
    /// document (both kept; merged deterministically).
    package var conflicts: [String]
    package var rejected: [Rejection]

    enum CodingKeys: String, CodingKey {
        case changesetID = "changeset_id"
        case applied
        case alreadyHad = "already_had"
        case conflicts, rejected
    }

    package init(changesetID: String, applied: [String] = [], alreadyHad: [String] = [],
                conflicts: [String] = [], rejected: [Rejection] = []) {
        self.changesetID = changesetID
        self.applied = applied
        self.alreadyHad = alreadyHad
        self.conflicts = conflicts
        self.rejected = rejected
    }

    package var json: WireJSON {
        .object([
            "changeset_id": .string(changesetID),
            "applied": .array(applied.map { .string($0) }),
            "already_had": .array(alreadyHad.map { .string($0) }),
            "conflicts": .array(conflicts.map { .string($0) }),
            "rejected": .array(rejected.map {
                .object(["revision": .string($0.revision), "document_id": .string($0.documentID), "code": .string($0.code),
                         "reason": .string($0.reason)])
            }),
        ])
    }

    package func encoded() -> [UInt8] { json.serialized() }

    /// - Throws: `WireError` naming the first bad member.
    package static func decode(_ bytes: [UInt8]) throws(WireError) -> PushResult {
        let f = try WireJSONObject(WireJSONParser.parse(bytes), path: "")
        func strings(_ key: String) throws(WireError) -> [String] {
            var out: [String] = []
            for (i, v) in try f.array(key).enumerated() {
                out.append(try WireJSONObject.string(v, path: "\(key)[\(i)]"))
            }
            return out
        }
        var rejected: [Rejection] = []
        for (i, v) in try f.array("rejected").enumerated() {
            let r = try WireJSONObject(v, path: "rejected[\(i)]")
            rejected.append(Rejection(revision: try r.string("revision"), documentID: try r.string("document_id"),
                                      code: try r.string("code"), reason: try r.string("reason")))
        }
        return PushResult(changesetID: try f.string("changeset_id"), applied: try strings("applied"),
                          alreadyHad: try strings("already_had"), conflicts: try strings("conflicts"),
                          rejected: rejected)
    }
}
