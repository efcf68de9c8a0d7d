import SyncCore

extension WireRevision {
    /// `init(json:path:)` read straight from the bytes, for the direct page
    /// decoder: every member present once, no other member, each of its
    /// type; anything else throws `shapeMismatch`.
    init(reading r: inout JSONReader) throws(JSONParseError) {
        var documentID, kind, actor, author, signature: String?
        var counter, hlcMillis, hlcLogical: UInt64?
        var tombstone: Bool?
        var context: [String: UInt64]?
        var content: [String: WireFieldValue]?
        try r.readObject { (r: inout JSONReader, key: String) throws(JSONParseError) in
            switch key {
            case "actor": try JSONReader.once(&actor, r.stringValue())
            case "author": try JSONReader.once(&author, r.stringValue())
            case "content": try JSONReader.once(&content, Self.readContent(&r))
            case "context": try JSONReader.once(&context, r.countersValue())
            case "counter": try JSONReader.once(&counter, r.uint64Value())
            case "document_id": try JSONReader.once(&documentID, r.stringValue())
            case "hlc_logical": try JSONReader.once(&hlcLogical, r.uint64Value())
            case "hlc_millis": try JSONReader.once(&hlcMillis, r.uint64Value())
            case "kind": try JSONReader.once(&kind, r.stringValue())
            case "signature": try JSONReader.once(&signature, r.stringValue())
            case "tombstone": try JSONReader.once(&tombstone, r.boolValue())
            default: throw JSONReader.shapeMismatch
            }
        }
        guard let documentID, let kind, let actor, let counter, let context, let author, let hlcMillis,
              let hlcLogical, hlcLogical <= UInt64(UInt32.max), let tombstone, let content, let signature
        else { throw JSONReader.shapeMismatch }
        self.init(documentID: documentID, kind: kind, actor: actor, counter: counter, context: context, author: author,
                  hlcMillis: hlcMillis, hlcLogical: UInt32(hlcLogical), tombstone: tombstone, content: content,
                  signature: signature)
    }

    /// A revision read and validated (`signedRevision()`), its signature
    /// not yet checked: what a page's entry and a push hold.
    static func readSigned(_ r: inout JSONReader) throws(JSONParseError) -> SignedRevision {
        guard let signed = try? WireRevision(reading: &r).signedRevision() else { throw JSONReader.shapeMismatch }
        return signed
    }

    /// A content object of texts and lists of strings (their sizes are
    /// checked by `signedRevision`).
    private static func readContent(_ r: inout JSONReader) throws(JSONParseError) -> [String: WireFieldValue] {
        var content: [String: WireFieldValue] = Dictionary(minimumCapacity: 12)
        try r.readObject { (r: inout JSONReader, key: String) throws(JSONParseError) in
            let value: WireFieldValue
            if r.current == UInt8(ascii: "[") {
                var list: [String] = []
                try r.readArray { (r: inout JSONReader) throws(JSONParseError) in list.append(try r.stringValue()) }
                value = .list(list)
            } else {
                value = .text(try r.stringValue())
            }
            guard content.updateValue(value, forKey: key) == nil else { throw JSONReader.shapeMismatch }
        }
        return content
    }
}
