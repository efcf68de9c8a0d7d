import SyncCore

extension ChangesPage {
    /// `decode` for a page in the shape nodes write, read straight from
    /// its bytes into revisions, without a `JSONValue` tree in between:
    /// nil for any page it does not accept, which `decode` then reads
    /// through the tree to say what is wrong.
    ///
    /// Why two readers: building the tree, then the dictionaries of
    /// `WireJSONObject` and `WireRevision` from it, cost about a tenth of
    /// the CPU of a whole pull. This path accepts exactly the pages the tree
    /// decoder accepts, with the same result: both check what they read
    /// with the same rules (`checked`), and `DirectDecodingTests` compares
    /// the two on valid and damaged pages; it only leaves the explaining
    /// to the tree. The price: a page it leaves (damaged, or with a
    /// member a later protocol version adds, which the tree reader
    /// ignores) is read twice, its revisions validated twice.
    package static func decodeDirect(_ bytes: [UInt8], request: ChangesQuery? = nil) -> ChangesPage? {
        var r = JSONReader(bytes, maxDepth: WireLimits.maxJSONDepth)
        return try? readPage(&r, request: request)
    }

    private static func readPage(_ r: inout JSONReader, request: ChangesQuery?) throws(JSONParseError) -> ChangesPage {
        var node: String?
        var since, next: UInt64?
        var hasMore: Bool?
        var entries: [Entry]?
        var excludedHeads: [String: UInt64]?
        r.skipWhitespace()
        try r.readObject { (r: inout JSONReader, key: String) throws(JSONParseError) in
            switch key {
            case "node": try JSONReader.once(&node, r.stringValue())
            case "since": try JSONReader.once(&since, r.uint64Value())
            case "next": try JSONReader.once(&next, r.uint64Value())
            case "has_more": try JSONReader.once(&hasMore, r.boolValue())
            case "revisions": try JSONReader.once(&entries, readEntries(&r))
            case "excluded_heads": try JSONReader.once(&excludedHeads, r.countersValue())
            default: throw JSONReader.shapeMismatch
            }
        }
        try r.expectEnd()
        guard let node, let since, let next, let hasMore, let entries,
              let page = try? checked(node: node, since: since, next: next, hasMore: hasMore, entries: entries,
                                      excludedHeads: excludedHeads, request: request)
        else { throw JSONReader.shapeMismatch }
        return page
    }

    /// The `revisions` array: entries of a `seq` and a valid revision each
    /// (its signature is checked later, by the caller).
    private static func readEntries(_ r: inout JSONReader) throws(JSONParseError) -> [Entry] {
        var entries: [Entry] = []
        try r.readArray { (r: inout JSONReader) throws(JSONParseError) in
            var seq: UInt64?
            var revision: SignedRevision?
            try r.readObject { (r: inout JSONReader, key: String) throws(JSONParseError) in
                switch key {
                case "seq": try JSONReader.once(&seq, r.uint64Value())
                case "revision": try JSONReader.once(&revision, WireRevision.readSigned(&r))
                default: throw JSONReader.shapeMismatch
                }
            }
            guard let seq, let revision else { throw JSONReader.shapeMismatch }
            entries.append(Entry(seq: seq, revision: revision))
        }
        return entries
    }
}
