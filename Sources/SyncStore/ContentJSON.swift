import SyncCore

/// Content as compact JSON with sorted keys, the form the store keeps.
/// (Only storage: what gets signed is `CanonicalEncoding`, never this.)
enum ContentJSON {
    static func encode(_ content: Content) -> String {
        json(content).text
    }

    static func json(_ content: Content) -> JSONValue {
        var o: [String: JSONValue] = [:]
        for (k, v) in content.fields {
            switch v {
            case .text(let s): o[k] = .string(s)
            case .list(let l): o[k] = .array(l.map { .string($0) })
            }
        }
        return .object(o)
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
