/// A digest naming a revision's content, identical on every node and in
/// every process (it never uses Swift's per-process seeded `Hasher`).
///
/// It breaks the last tie between concurrent siblings, and says when two
/// concurrent edits are the same edit. The bytes hashed are
/// `str("syncnode-content-v1") u8(tombstone ? 1 : 0)` followed by the content
/// laid out exactly as in `CanonicalEncoding` (fields in ascending UTF-8 byte
/// order, `u8(0x01) str(text)` or `u8(0x02) u32(m) m × str(item)`).
package enum ContentHash {
    /// Domain separation, so a content digest is never confused with another digest.
    package static let domain = "syncnode-content-v1"

    /// Lowercase hex SHA-256 of `bytes(of:tombstone:)`.
    package static func of(_ content: Content, tombstone: Bool) -> String {
        PortableSHA256.hex(bytes(of: content, tombstone: tombstone))
    }

    /// The exact bytes `of(_:tombstone:)` hashes.
    package static func bytes(of content: Content, tombstone: Bool) -> [UInt8] {
        var out: [UInt8] = []
        CanonicalEncoding.appendString(domain, to: &out)
        out.append(tombstone ? 1 : 0)
        let keys = content.fields.keys.map { (name: $0, utf8: Array($0.utf8)) }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        CanonicalEncoding.appendU32(keys.count, to: &out)
        for key in keys {
            CanonicalEncoding.appendBytes(key.utf8, to: &out)
            switch content.fields[key.name] {
            case .text(let s)?:
                out.append(CanonicalEncoding.textTag)
                CanonicalEncoding.appendString(s, to: &out)
            case .list(let l)?:
                out.append(CanonicalEncoding.listTag)
                let items = l.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
                CanonicalEncoding.appendU32(items.count, to: &out)
                for item in items { CanonicalEncoding.appendBytes(item, to: &out) }
            case nil:
                out.append(0)
            }
        }
        return out
    }

    /// The content digest of a revision.
    package static func of(_ revision: Revision) -> String {
        of(revision.content, tombstone: revision.tombstone)
    }

    /// A digest of the whole revision (its signing bytes): the last-resort
    /// total order between two different revisions that claim the same dot.
    static func ofRevision(_ revision: Revision) -> String {
        PortableSHA256.hex(CanonicalEncoding.signingBytes(of: revision))
    }
}
