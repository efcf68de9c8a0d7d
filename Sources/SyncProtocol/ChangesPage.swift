import SyncCore

/// One page of a node's change log: `GET /v1/changes?since=SEQ&limit=N`.
///
/// The log lists every revision the node stored (its own and relayed ones)
/// under increasing sequence numbers. A page holds the entries with
/// `seq > since`, in order; `next` is the cursor for the following request.
/// A page with `hasMore == true` is closed: its bytes never change.
package struct ChangesPage: Sendable, Hashable {
    package struct Entry: Sendable, Hashable {
        package var seq: UInt64
        package var revision: SignedRevision

        package init(seq: UInt64, revision: SignedRevision) {
            self.seq = seq
            self.revision = revision
        }
    }

    /// The serving node's name.
    package var node: String
    package var since: UInt64
    /// The last entry's `seq`, or `since` when the page is empty.
    package var next: UInt64
    /// True when entries after `next` existed when the page was built.
    package var hasMore: Bool
    package var entries: [Entry]
    /// On the last page (`hasMore == false`) of a request with `exclude`:
    /// the highest counter the server holds for each actor of the excluded
    /// node. A requester that knows less of its own writes was restored from
    /// a backup and must fetch them back (docs/protocol.md, "Restores").
    package var excludedHeads: VersionVector?

    package init(node: String, since: UInt64, hasMore: Bool, entries: [Entry]) {
        self.init(node: node, since: since, next: entries.last?.seq ?? since, hasMore: hasMore, entries: entries)
    }

    /// A page whose cursor passed entries left out for the requester
    /// (`exclude`): `next` is the last sequence number scanned, which may be
    /// beyond the last entry.
    package init(node: String, since: UInt64, next: UInt64, hasMore: Bool, entries: [Entry],
                excludedHeads: VersionVector? = nil) {
        self.node = node
        self.since = since
        self.next = next
        self.hasMore = hasMore
        self.entries = entries
        self.excludedHeads = excludedHeads
    }

    /// Closed pages are immutable: serve them with a strong ETag and a long
    /// `Cache-Control` (see docs/protocol.md, "Caching").
    package var isClosed: Bool { hasMore }

    package var json: WireJSON {
        var members: [String: WireJSON] = [
            "node": .string(node),
            "since": .uint(since),
            "next": .uint(next),
            "has_more": .bool(hasMore),
            "revisions": .array(entries.map { e in
                .object(["seq": .uint(e.seq), "revision": WireRevision(e.revision).json])
            }),
        ]
        if let excludedHeads { members["excluded_heads"] = .object(excludedHeads.entries.mapValues { .uint($0) }) }
        return .object(members)
    }

    /// Deterministic bytes: the same page always encodes the same way.
    package func encoded() -> [UInt8] { ChangesPageBody(self).encoded() }

    /// A strong ETag from the SHA-256 of the encoded body: `"<base64url>"`.
    package static func etag(bodySHA256: [UInt8]) -> String {
        "\"" + Base64URL.encode(bodySHA256) + "\""
    }

    /// RFC 9110 section 13.1.2 for a closed page with `etag`: true when a
    /// member of the `If-None-Match` fields is `*`, the tag, or its weak form
    /// `W/"..."` (If-None-Match compares weakly).
    package static func ifNoneMatch(_ fields: [String], matches etag: String) -> Bool {
        for field in fields {
            for member in field.split(separator: ",") {
                var tag = HTTPHeaders.trimmingOWS(String(member))
                if tag == "*" { return true }
                if tag.hasPrefix("W/") { tag.removeFirst(2) }
                if tag == etag { return true }
            }
        }
        return false
    }

    /// Parses and validates a page.
    /// - Parameter request: when given, the page must answer exactly this query.
    /// - Throws: `WireError` naming the first bad member.
    package static func decode(_ bytes: [UInt8], request: ChangesQuery? = nil) throws(WireError) -> ChangesPage {
        guard bytes.count <= WireLimits.maxResponseBodyBytes else {
            throw WireError(.tooLarge, field: "", "page is \(bytes.count) bytes; at most \(WireLimits.maxResponseBodyBytes) are allowed")
        }
        if let page = decodeDirect(bytes, request: request) { return page }
        return try decodeThroughTree(bytes, request: request)
    }

    /// `decode` through a `JSONValue` tree: the reference reader, and the
    /// one that says what is wrong with a page `decodeDirect` leaves to it.
    package static func decodeThroughTree(_ bytes: [UInt8], request: ChangesQuery? = nil) throws(WireError) -> ChangesPage {
        let f = try WireJSONObject(WireJSONParser.parse(bytes), path: "")
        let node = try f.string("node")
        let since = try f.uint64("since")
        let next = try f.uint64("next")
        let hasMore = try f.bool("has_more")
        let items = try f.array("revisions")
        var entries: [Entry] = []
        entries.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let path = "revisions[\(i)]"
            let e = try WireJSONObject(item, path: path)
            let seq = try e.uint64("seq")
            let rev = try WireRevision(json: e.value("revision"), path: path + ".revision")
                .signedRevision(path: path + ".revision")
            entries.append(Entry(seq: seq, revision: rev))
        }
        var excludedHeads: [String: UInt64]?
        if f.members["excluded_heads"] != nil {
            let heads = try f.object("excluded_heads")
            var counters: [String: UInt64] = [:]
            for (actor, v) in heads.members { counters[actor] = try WireJSONObject.uint64(v, path: heads.childPath(actor)) }
            excludedHeads = counters
        }
        return try checked(node: node, since: since, next: next, hasMore: hasMore, entries: entries,
                           excludedHeads: excludedHeads, request: request)
    }

    /// The rules a page's members must meet, whichever reader read them
    /// (`decodeThroughTree`, `decodeDirect`): the page, or a `WireError`
    /// naming the first member that breaks one.
    /// - Parameter request: when given, the page must answer exactly this query.
    static func checked(node: String, since: UInt64, next: UInt64, hasMore: Bool, entries: [Entry],
                        excludedHeads: [String: UInt64]?, request: ChangesQuery?) throws(WireError) -> ChangesPage {
        do { try NodeName.validate(node) } catch {
            throw WireError(.invalidValue, field: "node", "'\(node.prefix(60))' is not a node name")
        }
        let maxCount = request?.limit ?? WireLimits.maxPageLimit
        guard entries.count <= maxCount else {
            throw WireError(.tooLarge, field: "revisions", "has \(entries.count) entries; at most \(maxCount) are allowed")
        }
        if let request, since != request.since {
            throw WireError(.invalidValue, field: "since", "is \(since), but the request asked for since=\(request.since)")
        }
        var last = since
        for (i, e) in entries.enumerated() {
            guard e.seq > last else {
                throw WireError(.invalidValue, field: "revisions[\(i)].seq",
                    "is \(e.seq), but must be greater than \(i == 0 ? "since (\(since))" : "the previous entry's seq (\(last))")")
            }
            last = e.seq
        }
        guard next >= last else {
            throw WireError(.invalidValue, field: "next",
                "is \(next), but must be at least \(entries.isEmpty ? "since (\(since))" : "the last entry's seq (\(last))")")
        }
        if hasMore && next == since {
            throw WireError(.invalidValue, field: "has_more", "is true on a page that does not move the cursor, which would make a client loop forever")
        }
        guard let excludedHeads else {
            return ChangesPage(node: node, since: since, next: next, hasMore: hasMore, entries: entries)
        }
        guard excludedHeads.count <= WireLimits.maxContextEntries else {
            throw WireError(.tooLarge, field: "excluded_heads", "has \(excludedHeads.count) entries; at most \(WireLimits.maxContextEntries) are allowed")
        }
        for actor in excludedHeads.keys {
            let field = "excluded_heads." + actor
            try WireRevision.checkActor(actor, path: field)
            if let exclude = request?.exclude, WireRevision.node(ofActor: actor) != exclude {
                throw WireError(.invalidValue, field: field, "names an actor of another node than the excluded one")
            }
        }
        return ChangesPage(node: node, since: since, next: next, hasMore: hasMore, entries: entries,
                           excludedHeads: VersionVector(excludedHeads))
    }
}
