import SyncCore

/// A content field on the wire: a JSON string (text) or an array of strings (list).
package enum WireFieldValue: Sendable, Hashable, Codable {
    case text(String)
    case list([String])

    package init(_ value: FieldValue) {
        switch value {
        case .text(let s): self = .text(s)
        case .list(let l): self = .list(l)
        }
    }

    package var fieldValue: FieldValue {
        switch self {
        case .text(let s): .text(s)
        case .list(let l): .list(l)
        }
    }

    package var json: WireJSON {
        switch self {
        case .text(let s): .string(s)
        case .list(let l): .array(l.map { .string($0) })
        }
    }

    /// - Throws: `WireError` naming `path` unless `value` is a string or an
    ///   array of strings (`checkLimits` checks the sizes).
    package init(json value: WireJSON, path: String) throws(WireError) {
        switch value {
        case .string(let s):
            self = .text(s)
        case .array(let items):
            var list: [String] = []
            list.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { list.append(try WireJSONObject.string(item, path: "\(path)[\(i)]")) }
            self = .list(list)
        default:
            throw WireError(.wrongType, field: path, "must be a string or an array of strings, got \(value.typeName)")
        }
    }

    /// Within `WireLimits`, whichever reader read it: a text of at most
    /// `maxTextBytes`, a list of at most `maxListItems` labels of at most
    /// `maxIdentifierBytes` each.
    /// - Throws: `WireError` naming `path` (or the list item).
    func checkLimits(path: String) throws(WireError) {
        switch self {
        case .text(let s):
            guard s.utf8.count <= WireLimits.maxTextBytes else {
                throw WireError(.tooLarge, field: path, "text is \(s.utf8.count) bytes; at most \(WireLimits.maxTextBytes) are allowed")
            }
        case .list(let list):
            guard list.count <= WireLimits.maxListItems else {
                throw WireError(.tooLarge, field: path, "has \(list.count) items; at most \(WireLimits.maxListItems) are allowed")
            }
            for (i, s) in list.enumerated() where s.utf8.count > WireLimits.maxIdentifierBytes {
                throw WireError(.tooLarge, field: "\(path)[\(i)]", "is \(s.utf8.count) bytes; at most \(WireLimits.maxIdentifierBytes) are allowed")
            }
        }
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) {
            self = .text(s)
        } else {
            self = .list(try c.decode([String].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .text(let s): try c.encode(s)
        case .list(let l): try c.encode(l)
        }
    }
}
