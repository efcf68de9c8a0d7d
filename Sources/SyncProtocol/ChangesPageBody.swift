import SyncCore

/// A change-log page as the bytes a server sends: the page's members
/// written around revisions already encoded as JSON.
///
/// One writer for both ways a page is built: from `ChangesPage` (each
/// revision encoded by `WireRevision.write`), and by a serving node from its
/// log rows, each stored content spliced in unparsed. Either way the bytes
/// are those of `ChangesPage.json.serialized()`: compact, keys in UTF-8 order.
package struct ChangesPageBody: Sendable {
    package struct Entry: Sendable {
        package var seq: UInt64
        /// The revision's JSON object (`WireRevision.write`).
        package var revision: [UInt8]

        package init(seq: UInt64, revision: [UInt8]) {
            self.seq = seq
            self.revision = revision
        }
    }

    package var node: String
    package var since: UInt64
    package var next: UInt64
    package var hasMore: Bool
    package var entries: [Entry]
    package var excludedHeads: VersionVector?

    package init(node: String, since: UInt64, next: UInt64, hasMore: Bool, entries: [Entry],
                 excludedHeads: VersionVector? = nil) {
        self.node = node
        self.since = since
        self.next = next
        self.hasMore = hasMore
        self.entries = entries
        self.excludedHeads = excludedHeads
    }

    package init(_ page: ChangesPage) {
        self.init(node: page.node, since: page.since, next: page.next, hasMore: page.hasMore,
                  entries: page.entries.map { e in
                      var bytes: [UInt8] = []
                      WireRevision(e.revision).write(to: &bytes)
                      return Entry(seq: e.seq, revision: bytes)
                  },
                  excludedHeads: page.excludedHeads)
    }

    /// Closed pages are immutable (see `ChangesPage.isClosed`).
    package var isClosed: Bool { hasMore }

    package func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(160) { $0 + $1.revision.count + 40 })
        func member(_ key: String) {
            JSONValue.writeString(key, to: &out)
            out.append(UInt8(ascii: ":"))
        }
        out.append(UInt8(ascii: "{"))
        if let excludedHeads {
            member("excluded_heads")
            JSONValue.object(excludedHeads.entries.mapValues { .uint($0) }).write(to: &out)
            out.append(UInt8(ascii: ","))
        }
        member("has_more"); out.append(contentsOf: (hasMore ? "true" : "false").utf8)
        out.append(UInt8(ascii: ",")); member("next"); out.append(contentsOf: String(next).utf8)
        out.append(UInt8(ascii: ",")); member("node"); JSONValue.writeString(node, to: &out)
        out.append(UInt8(ascii: ",")); member("revisions")
        out.append(UInt8(ascii: "["))
        for (i, e) in entries.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            member("revision"); out.append(contentsOf: e.revision)
            out.append(UInt8(ascii: ",")); member("seq"); out.append(contentsOf: String(e.seq).utf8)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        out.append(UInt8(ascii: ",")); member("since"); out.append(contentsOf: String(since).utf8)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// This page's encoding, with entries dropped from the end (and `next`
    /// and `hasMore` adjusted) until it fits `maxBytes`; at least one entry
    /// is kept, so the cursor always moves.
    package func encoded(fitting maxBytes: Int) -> (page: ChangesPageBody, body: [UInt8]) {
        var page = self
        var body = page.encoded()
        while body.count > maxBytes && page.entries.count > 1 {
            page.entries.removeLast(max(1, page.entries.count / 4))
            page.next = page.entries.last?.seq ?? page.since
            page.hasMore = true
            page.excludedHeads = nil
            body = page.encoded()
        }
        return (page, body)
    }
}
