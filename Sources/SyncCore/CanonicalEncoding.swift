/// The exact bytes a revision's Ed25519 signature covers.
///
/// JSON is not canonical across implementations, so the signature is over
/// this binary form, defined byte by byte in docs/protocol.md ("Canonical
/// signing bytes") and pinned by a test vector there. Any change to it is a
/// new format: bump `formatVersion` and the domain, never edit in place.
///
/// Primitives (all integers big-endian):
/// - `str(s)`: u32 byte length, then the UTF-8 bytes of `s` as stored (no normalisation)
/// - `u8`, `u32`, `u64`: fixed-width unsigned integers
///
/// Layout:
/// ```
/// str("syncnode-revision-v1")   domain separation
/// u8(1)                         format version
/// str(document_id)
/// str(kind)                     "article" | "talk"
/// str(dot.actor) u64(dot.counter)
/// u32(n) then n × { str(actor) u64(counter) }       context, actors in ascending UTF-8 byte order, counters > 0
/// str(author)
/// u64(hlc_millis) u32(hlc_logical)
/// u8(tombstone ? 1 : 0)
/// u32(n) then n × { str(field) value }              content, fields in ascending UTF-8 byte order
///   value = u8(0x01) str(text)                      non-empty text
///         | u8(0x02) u32(m) then m × str(item)      non-empty list, items distinct, non-empty, ascending UTF-8 byte order
/// ```
package enum CanonicalEncoding {
    /// Domain-separation string: a signature over these bytes can never be
    /// mistaken for a signature over anything else we sign (HTTP messages).
    package static let domain = "syncnode-revision-v1"
    /// Bumped (with the domain) whenever the layout changes.
    package static let formatVersion: UInt8 = 1

    package static let textTag: UInt8 = 0x01
    package static let listTag: UInt8 = 0x02

    /// The bytes to sign for `r`, as defined above.
    package static func signingBytes(of r: Revision) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        appendString(domain, to: &out)
        out.append(formatVersion)
        appendString(r.documentID, to: &out)
        appendString(r.kind.rawValue, to: &out)
        appendString(r.dot.actor, to: &out)
        appendU64(r.dot.counter, to: &out)

        let context = r.context.entries
            .filter { $0.value > 0 }
            .map { (actor: Array($0.key.utf8), counter: $0.value) }
            .sorted { $0.actor.lexicographicallyPrecedes($1.actor) }
        appendU32(context.count, to: &out)
        for e in context {
            appendBytes(e.actor, to: &out)
            appendU64(e.counter, to: &out)
        }

        appendString(r.author, to: &out)
        appendU64(r.timestamp.millis, to: &out)
        appendU32(Int(r.timestamp.logical), to: &out)
        out.append(r.tombstone ? 1 : 0)

        var fields: [(key: [UInt8], value: FieldValue)] = []
        for (key, value) in r.content.fields {
            switch value {
            case .text(let s) where s.isEmpty: continue
            case .list(let l) where l.allSatisfy(\.isEmpty): continue
            default: fields.append((Array(key.utf8), value))
            }
        }
        fields.sort { $0.key.lexicographicallyPrecedes($1.key) }
        appendU32(fields.count, to: &out)
        for f in fields {
            appendBytes(f.key, to: &out)
            switch f.value {
            case .text(let s):
                out.append(textTag)
                appendString(s, to: &out)
            case .list(let l):
                out.append(listTag)
                let items = sortedDistinctItems(l)
                appendU32(items.count, to: &out)
                for item in items { appendBytes(item, to: &out) }
            }
        }
        return out
    }

    /// List items as UTF-8, non-empty, distinct by bytes, in ascending byte order.
    static func sortedDistinctItems(_ list: [String]) -> [[UInt8]] {
        let bytes = list.map { Array($0.utf8) }.filter { !$0.isEmpty }
            .sorted { $0.lexicographicallyPrecedes($1) }
        var out: [[UInt8]] = []
        out.reserveCapacity(bytes.count)
        for b in bytes where out.last != b { out.append(b) }
        return out
    }

    /// Appends `str(s)`: u32 big-endian byte length, then the UTF-8 bytes.
    package static func appendString(_ s: String, to out: inout [UInt8]) {
        appendBytes(Array(s.utf8), to: &out)
    }

    /// Appends a u32 big-endian length, then the bytes.
    package static func appendBytes(_ b: [UInt8], to out: inout [UInt8]) {
        appendU32(b.count, to: &out)
        out.append(contentsOf: b)
    }

    /// Appends a u32 big-endian. Values that do not fit are a programmer
    /// error (no field comes near 4 GiB; the wire size limits are far smaller).
    package static func appendU32(_ v: Int, to out: inout [UInt8]) {
        precondition(v >= 0 && v <= Int(UInt32.max), "canonical u32 out of range: \(v)")
        let u = UInt32(v)
        out.append(UInt8(truncatingIfNeeded: u >> 24))
        out.append(UInt8(truncatingIfNeeded: u >> 16))
        out.append(UInt8(truncatingIfNeeded: u >> 8))
        out.append(UInt8(truncatingIfNeeded: u))
    }

    /// Appends a u64 big-endian.
    package static func appendU64(_ v: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: v >> UInt64(shift)))
        }
    }
}
