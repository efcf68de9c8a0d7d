import SyncCore

/// The store's text forms, written directly for the floor measurements:
/// content as compact JSON with keys in UTF-8 byte order (the form the
/// store keeps), and clocks as sorted `actor:counter` items. `RowCheck`
/// compares these with what the store itself wrote.
enum BareJSON {
    static func content(_ c: Content) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        out.append(UInt8(ascii: "{"))
        let keys = c.fields.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for (i, k) in keys.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            switch c.fields[k]! {
            case .text(let s): JSONValue.writeString(s, to: &out)
            case .list(let l):
                out.append(UInt8(ascii: "["))
                for (j, item) in l.enumerated() {
                    if j > 0 { out.append(UInt8(ascii: ",")) }
                    JSONValue.writeString(item, to: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    static func clock(_ v: VersionVector) -> String {
        v.sortedEntries.map { "\($0.actor):\($0.counter)" }.joined(separator: " ")
    }
}
