import SyncCore

/// A signed revision as JSON on the wire (snake_case members).
///
/// JSON is fine here because the signature covers
/// `CanonicalEncoding.signingBytes(of:)`, not these bytes: a receiver
/// rebuilds the `Revision` and verifies the canonical bytes against the
/// author's key. Converting to `SignedRevision` validates every member.
package struct WireRevision: Sendable, Hashable, Codable {
    package var documentID: String
    package var kind: String
    package var actor: String
    package var counter: UInt64
    package var context: [String: UInt64]
    package var author: String
    package var hlcMillis: UInt64
    package var hlcLogical: UInt32
    package var tombstone: Bool
    package var content: [String: WireFieldValue]
    /// Base64url (no padding) of the 64-byte Ed25519 signature.
    package var signature: String

    enum CodingKeys: String, CodingKey {
        case documentID = "document_id"
        case kind, actor, counter, context, author
        case hlcMillis = "hlc_millis"
        case hlcLogical = "hlc_logical"
        case tombstone, content, signature
    }

    /// Writes a revision from its members as a log keeps them, the content
    /// being the stored JSON text (compact, keys sorted, as `JSONValue`
    /// writes it), spliced in unparsed: a node serving its log need not
    /// decode and encode every content (most of the CPU time of serving a
    /// page). The bytes are those `encode` gives for the same revision.
    package static func writeStored(documentID: String, kind: String, actor: String, counter: UInt64,
                                    context: [String: UInt64], author: String, hlcMillis: UInt64, hlcLogical: UInt32,
                                    tombstone: Bool, signature: [UInt8], contentJSON: String, to out: inout [UInt8]) {
        WireRevision(documentID: documentID, kind: kind, actor: actor, counter: counter, context: context, author: author,
                     hlcMillis: hlcMillis, hlcLogical: hlcLogical, tombstone: tombstone, content: [:],
                     signature: Base64URL.encode(signature))
            .write(to: &out, contentJSON: contentJSON)
    }

    /// Member by member: for `writeStored` (its content written from the
    /// stored text) and `init(reading:)`.
    init(documentID: String, kind: String, actor: String, counter: UInt64, context: [String: UInt64],
         author: String, hlcMillis: UInt64, hlcLogical: UInt32, tombstone: Bool,
         content: [String: WireFieldValue], signature: String) {
        self.documentID = documentID
        self.kind = kind
        self.actor = actor
        self.counter = counter
        self.context = context
        self.author = author
        self.hlcMillis = hlcMillis
        self.hlcLogical = hlcLogical
        self.tombstone = tombstone
        self.content = content
        self.signature = signature
    }

    package init(_ signed: SignedRevision) {
        let r = signed.revision
        documentID = r.documentID
        kind = r.kind.rawValue
        actor = r.dot.actor
        counter = r.dot.counter
        context = r.context.entries
        author = r.author
        hlcMillis = r.timestamp.millis
        hlcLogical = r.timestamp.logical
        tombstone = r.tombstone
        content = r.content.fields.mapValues(WireFieldValue.init)
        signature = Base64URL.encode(signed.signature)
    }

    // MARK: JSON

    /// Reads the members and their types; sizes and values are checked in
    /// `signedRevision(path:)`, for both readers (`init(reading:)`).
    package init(json value: WireJSON, path: String) throws(WireError) {
        let f = try WireJSONObject(value, path: path)
        documentID = try f.string("document_id")
        kind = try f.string("kind")
        actor = try f.string("actor")
        counter = try f.uint64("counter")
        let ctx = try f.object("context")
        var context: [String: UInt64] = [:]
        for (k, v) in ctx.members { context[k] = try WireJSONObject.uint64(v, path: ctx.childPath(k)) }
        self.context = context
        author = try f.string("author")
        hlcMillis = try f.uint64("hlc_millis")
        let logical = try f.uint64("hlc_logical")
        guard logical <= UInt64(UInt32.max) else {
            throw WireError(.invalidValue, field: f.childPath("hlc_logical"), "must be at most 4294967295, got \(logical)")
        }
        hlcLogical = UInt32(logical)
        tombstone = try f.bool("tombstone")
        let c = try f.object("content")
        var content: [String: WireFieldValue] = [:]
        for (k, v) in c.members { content[k] = try WireFieldValue(json: v, path: c.childPath(k)) }
        self.content = content
        signature = try f.string("signature")
    }

    package var json: WireJSON {
        .object([
            "document_id": .string(documentID),
            "kind": .string(kind),
            "actor": .string(actor),
            "counter": .uint(counter),
            "context": .object(context.mapValues { .uint($0) }),
            "author": .string(author),
            "hlc_millis": .uint(hlcMillis),
            "hlc_logical": .uint(UInt64(hlcLogical)),
            "tombstone": .bool(tombstone),
            "content": .object(content.mapValues(\.json)),
            "signature": .string(signature),
        ])
    }

    /// This revision's JSON, the bytes `json.serialized()` gives, written
    /// member by member in key order.
    package func write(to out: inout [UInt8]) {
        write(to: &out, contentJSON: nil)
    }

    /// `write(to:)` with `contentJSON`, when given, written as the content
    /// member in place of `content` (`writeStored`).
    private func write(to out: inout [UInt8], contentJSON: String?) {
        func member(_ key: String, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(key, to: &out)
            out.append(UInt8(ascii: ":"))
        }
        out.append(UInt8(ascii: "{"))
        member("actor", first: true); JSONValue.writeString(actor, to: &out)
        member("author"); JSONValue.writeString(author, to: &out)
        member("content")
        if let contentJSON { out.append(contentsOf: contentJSON.utf8) } else { JSONValue.object(content.mapValues(\.json)).write(to: &out) }
        member("context"); JSONValue.object(context.mapValues { .uint($0) }).write(to: &out)
        member("counter"); out.append(contentsOf: String(counter).utf8)
        member("document_id"); JSONValue.writeString(documentID, to: &out)
        member("hlc_logical"); out.append(contentsOf: String(hlcLogical).utf8)
        member("hlc_millis"); out.append(contentsOf: String(hlcMillis).utf8)
        member("kind"); JSONValue.writeString(kind, to: &out)
        member("signature"); JSONValue.writeString(signature, to: &out)
        member("tombstone"); out.append(contentsOf: (tombstone ? "true" : "false").utf8)
        out.append(UInt8(ascii: "}"))
    }

    // MARK: Validation

    /// The validated revision. Does not verify the signature (no crypto
    /// here): the caller checks it against the author's key.
    /// - Parameter path: the path of this revision in its message, for errors.
    /// - Throws: `WireError` naming the first bad member.
    package func signedRevision(path: String = "") throws(WireError) -> SignedRevision {
        func p(_ k: String) -> String { path.isEmpty ? k : path + "." + k }
        guard context.count <= WireLimits.maxContextEntries else {
            throw WireError(.tooLarge, field: p("context"), "has \(context.count) entries; at most \(WireLimits.maxContextEntries) are allowed")
        }
        guard content.count <= WireLimits.maxContentFields else {
            throw WireError(.tooLarge, field: p("content"), "has \(content.count) fields; at most \(WireLimits.maxContentFields) are allowed")
        }
        for (key, value) in content { try value.checkLimits(path: p("content") + "." + key) }
        try Self.checkIdentifier(documentID, path: p("document_id"))
        guard DocumentID.isValid(documentID) else {
            throw WireError(.invalidValue, field: p("document_id"),
                "'\(documentID)' is not a document id: expected <node>.<1-64 characters of a-z 0-9 - _>")
        }
        guard let kind = DocumentKind(rawValue: kind) else {
            throw WireError(.invalidValue, field: p("kind"), "must be \"article\" or \"talk\", got \"\(self.kind)\"")
        }
        try Self.checkIdentifier(author, path: p("author"))
        do { try NodeName.validate(author) } catch {
            throw WireError(.invalidValue, field: p("author"), "'\(author)' is not a node name (a lowercase slug such as new-york)")
        }
        try Self.checkActor(actor, path: p("actor"))
        guard Self.node(ofActor: actor) == author else {
            throw WireError(.invalidValue, field: p("actor"),
                "actor '\(actor)' does not belong to author '\(author)': a node signs only its own writes (actor = author or author~epoch)")
        }
        guard counter >= 1 else {
            throw WireError(.invalidValue, field: p("counter"), "must be at least 1")
        }
        for (a, c) in context {
            try Self.checkActor(a, path: p("context") + "." + a)
            guard c >= 1 else {
                throw WireError(.invalidValue, field: p("context") + "." + a, "must be at least 1 (omit actors with nothing seen)")
            }
        }
        if let own = context[actor], own >= counter {
            throw WireError(.invalidValue, field: p("context") + "." + actor,
                "is \(own), but a revision's context cannot include its own write \(actor):\(counter)")
        }
        for key in content.keys {
            guard !key.isEmpty, key.utf8.count <= WireLimits.maxIdentifierBytes else {
                throw WireError(.invalidValue, field: p("content") + "." + key, "field names are 1-\(WireLimits.maxIdentifierBytes) bytes")
            }
        }
        guard let sig = Base64URL.decode(signature), sig.count == 64 else {
            throw WireError(.invalidValue, field: p("signature"), "must be base64url (no padding) of a 64-byte Ed25519 signature")
        }
        let revision = Revision(
            documentID: documentID, kind: kind, dot: Dot(actor: actor, counter: counter),
            context: VersionVector(context), author: author,
            timestamp: HybridTimestamp(millis: hlcMillis, logical: hlcLogical),
            tombstone: tombstone, content: Content(content.mapValues(\.fieldValue)))
        return SignedRevision(revision: revision, signature: sig)
    }

    /// The node an actor belongs to: `birmingham~2` → `birmingham`.
    package static func node(ofActor actor: String) -> String {
        ActorEpoch.parse(actor).node
    }

    /// An actor is a node name, optionally followed by `~N` with N ≥ 2 and
    /// no leading zero (a later epoch of that node; see `ActorEpoch`).
    package static func isValidActor(_ actor: String) -> Bool {
        let (node, epoch) = ActorEpoch.parse(actor)
        guard (try? NodeName.validate(node)) != nil else { return false }
        return ActorEpoch.actor(node: node, epoch: epoch) == actor
    }

    static func checkActor(_ actor: String, path: String) throws(WireError) {
        try checkIdentifier(actor, path: path)
        guard isValidActor(actor) else {
            throw WireError(.invalidValue, field: path, "'\(actor)' is not an actor: expected a node name, optionally with ~N for a later epoch (birmingham~2)")
        }
    }

    static func checkIdentifier(_ s: String, path: String) throws(WireError) {
        guard s.utf8.count <= WireLimits.maxIdentifierBytes else {
            throw WireError(.tooLarge, field: path, "is \(s.utf8.count) bytes; at most \(WireLimits.maxIdentifierBytes) are allowed")
        }
    }

    // MARK: Whole messages

    /// Parses and validates one revision document.
    package static func decode(_ bytes: [UInt8]) throws(WireError) -> SignedRevision {
        try WireRevision(json: WireJSONParser.parse(bytes), path: "").signedRevision()
    }

    package static func encode(_ revision: SignedRevision) -> [UInt8] {
        var out: [UInt8] = []
        WireRevision(revision).write(to: &out)
        return out
    }
}
