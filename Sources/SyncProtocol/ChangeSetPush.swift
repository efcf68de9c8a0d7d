import SyncCore

/// `POST /v1/changesets`: revisions a node pushes to a peer.
///
/// Idempotent: `changesetID` is derived from the content (see
/// `changeSetBytes`), so a retried push is recognised and answered with the
/// same result instead of being applied twice.
package struct ChangeSetPush: Sendable, Hashable {
    /// Domain separation for the change-set id hash.
    package static let domain = "syncnode-changeset-v1"

    /// The pushing node; must equal the HTTP signature's keyid.
    package var origin: String
    /// Lowercase hex of SHA-256(`changeSetBytes(origin:revisions:)`), 64 characters.
    package var changesetID: String
    package var revisions: [SignedRevision]

    package init(origin: String, changesetID: String, revisions: [SignedRevision]) {
        self.origin = origin
        self.changesetID = changesetID
        self.revisions = revisions
    }

    /// Builds a push with its id computed by `sha256`.
    package init(origin: String, revisions: [SignedRevision], sha256: ([UInt8]) -> [UInt8]) {
        self.init(origin: origin,
                  changesetID: Hex.encode(sha256(Self.changeSetBytes(origin: origin, revisions: revisions))),
                  revisions: revisions)
    }

    /// The bytes whose SHA-256 is the change-set id:
    /// `str(domain) u8(1) str(origin) u32(n)` then, per revision in order,
    /// `bytes(CanonicalEncoding.signingBytes(rev)) bytes(signature)`
    /// (`str`/`bytes` = u32 big-endian length + bytes, as in CanonicalEncoding).
    package static func changeSetBytes(origin: String, revisions: [SignedRevision]) -> [UInt8] {
        var out: [UInt8] = []
        CanonicalEncoding.appendString(domain, to: &out)
        out.append(1)
        CanonicalEncoding.appendString(origin, to: &out)
        CanonicalEncoding.appendU32(revisions.count, to: &out)
        for r in revisions {
            CanonicalEncoding.appendBytes(CanonicalEncoding.signingBytes(of: r.revision), to: &out)
            CanonicalEncoding.appendBytes(r.signature, to: &out)
        }
        return out
    }

    package var json: WireJSON {
        .object([
            "origin": .string(origin),
            "changeset_id": .string(changesetID),
            "revisions": .array(revisions.map { WireRevision($0).json }),
        ])
    }

    package func encoded() -> [UInt8] { json.serialized() }

    /// Parses and validates a push, and checks that `changeset_id` matches
    /// the content when `sha256` is given.
    /// - Throws: `WireError` naming the first bad member.
    package static func decode(_ bytes: [UInt8], sha256: (([UInt8]) -> [UInt8])? = nil) throws(WireError) -> ChangeSetPush {
        guard bytes.count <= WireLimits.maxRequestBodyBytes else {
            throw WireError(.tooLarge, field: "", "body is \(bytes.count) bytes; at most \(WireLimits.maxRequestBodyBytes) are allowed")
        }
        if let push = decodeDirect(bytes, sha256: sha256) { return push }
        return try decodeThroughTree(bytes, sha256: sha256)
    }

    /// `decode` through a `JSONValue` tree: the reference reader, and the
    /// one that says what is wrong with a push `decodeDirect` leaves to it.
    package static func decodeThroughTree(_ bytes: [UInt8], sha256: (([UInt8]) -> [UInt8])? = nil) throws(WireError) -> ChangeSetPush {
        let f = try WireJSONObject(WireJSONParser.parse(bytes), path: "")
        let origin = try f.string("origin")
        let id = try f.string("changeset_id")
        let items = try f.array("revisions")
        var revisions: [SignedRevision] = []
        revisions.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let path = "revisions[\(i)]"
            revisions.append(try WireRevision(json: item, path: path).signedRevision(path: path))
        }
        return try checked(origin: origin, id: id, revisions: revisions, sha256: sha256)
    }

    /// The rules a push's members must meet, whichever reader read them
    /// (`decodeThroughTree`, `decodeDirect`): the push, or a `WireError`
    /// naming the first member that breaks one. With `sha256`, the id must
    /// match the content.
    static func checked(origin: String, id: String, revisions: [SignedRevision],
                        sha256: (([UInt8]) -> [UInt8])?) throws(WireError) -> ChangeSetPush {
        do { try NodeName.validate(origin) } catch {
            throw WireError(.invalidValue, field: "origin", "'\(origin.prefix(60))' is not a node name")
        }
        guard id.utf8.count == 64, id.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            throw WireError(.invalidValue, field: "changeset_id", "must be 64 lowercase hex digits (SHA-256)")
        }
        guard !revisions.isEmpty else {
            throw WireError(.invalidValue, field: "revisions", "must hold at least one revision")
        }
        guard revisions.count <= WireLimits.maxRevisionsPerChangeSet else {
            throw WireError(.tooLarge, field: "revisions", "has \(revisions.count) entries; at most \(WireLimits.maxRevisionsPerChangeSet) are allowed")
        }
        if let sha256 {
            let expected = Hex.encode(sha256(changeSetBytes(origin: origin, revisions: revisions)))
            guard expected == id else {
                throw WireError(.invalidValue, field: "changeset_id", "does not match the content (expected \(expected))")
            }
        }
        return ChangeSetPush(origin: origin, changesetID: id, revisions: revisions)
    }
}
