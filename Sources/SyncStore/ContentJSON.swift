import SyncCore

/// Content as compact JSON with sorted keys, the form the store keeps.
/// (Only storage: what gets signed is `CanonicalEncoding`, never this.)
package enum ContentJSON {
    /// The bytes `JSONValue.object` of the fields would serialize to (keys
    /// in UTF-8 byte order, lists as arrays of strings), written directly:
    /// every revision a store takes in is encoded here, and building the
    /// JSON value first cost a pull about 3% of its writing thread.
    package static func encode(_ content: Content) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(content.fields.reduce(2) { n, f in
            switch f.value {
            case .text(let s): n + f.key.utf8.count + s.utf8.count + 6
            case .list(let l): n + f.key.utf8.count + l.reduce(6) { $0 + $1.utf8.count + 3 }
            }
        })
        out.append(UInt8(ascii: "{"))
        let keys = content.fields.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (i, key) in keys.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            switch content.fields[key]! {
            case .text(let s):
                JSONValue.writeString(s, to: &out)
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

    static func decode(_ text: String) throws -> Content {
        guard case .object(let object)? = try? JSONParser.parse(text) else {
            throw StoreError.corrupt("stored content is not a JSON object")
        }
        var content = Content()
        for (key, value) in object {
            switch value {
            case .string(let s): content[key] = .text(s)
            case .array(let a) where a.allSatisfy({ $0.string != nil }): content[key] = .list(a.compactMap(\.string))
            default: throw StoreError.corrupt("stored content field '\(key)' is neither text nor a list")
            }
        }
        return content
    }
}
