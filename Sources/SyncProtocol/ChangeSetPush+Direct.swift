import SyncCore

extension ChangeSetPush {
    /// `decode` for a push in the shape nodes write, read straight from its
    /// bytes into revisions (as `ChangesPage.decodeDirect` reads a page):
    /// nil for any push it does not accept, which `decode` then reads
    /// through the tree to say what is wrong. Both check what they read
    /// with the same rules (`checked`). A node answering pushes reads
    /// every revision of every batch this way.
    package static func decodeDirect(_ bytes: [UInt8], sha256: (([UInt8]) -> [UInt8])? = nil) -> ChangeSetPush? {
        var r = JSONReader(bytes, maxDepth: WireLimits.maxJSONDepth)
        return try? readPush(&r, sha256: sha256)
    }

    private static func readPush(_ r: inout JSONReader, sha256: (([UInt8]) -> [UInt8])?) throws(JSONParseError) -> ChangeSetPush {
        var origin, id: String?
        var revisions: [SignedRevision]?
        r.skipWhitespace()
        try r.readObject { (r: inout JSONReader, key: String) throws(JSONParseError) in
            switch key {
            case "origin": try JSONReader.once(&origin, r.stringValue())
            case "changeset_id": try JSONReader.once(&id, r.stringValue())
            case "revisions": try JSONReader.once(&revisions, readRevisions(&r))
            default: throw JSONReader.shapeMismatch
            }
        }
        try r.expectEnd()
        guard let origin, let id, let revisions,
              let push = try? checked(origin: origin, id: id, revisions: revisions, sha256: sha256)
        else { throw JSONReader.shapeMismatch }
        return push
    }

    /// The `revisions` array: valid revisions (their signatures are
    /// checked later, by the caller).
    private static func readRevisions(_ r: inout JSONReader) throws(JSONParseError) -> [SignedRevision] {
        var revisions: [SignedRevision] = []
        try r.readArray { (r: inout JSONReader) throws(JSONParseError) in revisions.append(try WireRevision.readSigned(&r)) }
        return revisions
    }
}
