import SyncCore

/// RFC 8941 Structured Field Values: the data model and its canonical
/// serialization, as used by `Signature-Input`, `Signature` and
/// `Content-Digest`. Parsing is in `StructuredFieldParser`.
package enum StructuredField {
    /// sf-integer, sf-decimal (kept as its text), sf-string, sf-token,
    /// sf-binary and sf-boolean.
    package enum BareItem: Sendable, Hashable {
        case integer(Int64)
        case decimal(String)
        case string(String)
        case token(String)
        case byteSequence([UInt8])
        case boolean(Bool)

        package func serialized() -> String {
            switch self {
            case .integer(let n): return String(n)
            case .decimal(let d): return d
            case .string(let s):
                var out = "\""
                for c in s.unicodeScalars {
                    if c == "\"" || c == "\\" { out.append("\\") }
                    out.unicodeScalars.append(c)
                }
                return out + "\""
            case .token(let t): return t
            case .byteSequence(let b): return ":" + Base64URL.encodeStandard(b) + ":"
            case .boolean(let b): return b ? "?1" : "?0"
            }
        }
    }

    /// Ordered `;key=value` parameters (a bare `;key` means `true`).
    package struct Parameters: Sendable, Hashable {
        package var pairs: [(key: String, value: BareItem)]

        package init(_ pairs: [(key: String, value: BareItem)] = []) { self.pairs = pairs }

        package subscript(key: String) -> BareItem? { pairs.first { $0.key == key }?.value }

        package var keys: [String] { pairs.map(\.key) }

        package func serialized() -> String {
            var out = ""
            for p in pairs {
                out += ";" + p.key
                if p.value != .boolean(true) { out += "=" + p.value.serialized() }
            }
            return out
        }

        package static func == (a: Parameters, b: Parameters) -> Bool {
            a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        }

        package func hash(into h: inout Hasher) {
            for p in pairs { h.combine(p.key); h.combine(p.value) }
        }
    }

    package struct Item: Sendable, Hashable {
        package var bareItem: BareItem
        package var parameters: Parameters

        package init(_ bareItem: BareItem, _ parameters: Parameters = Parameters()) {
            self.bareItem = bareItem
            self.parameters = parameters
        }

        package func serialized() -> String { bareItem.serialized() + parameters.serialized() }
    }

    package struct InnerList: Sendable, Hashable {
        package var items: [Item]
        package var parameters: Parameters

        package init(_ items: [Item], _ parameters: Parameters = Parameters()) {
            self.items = items
            self.parameters = parameters
        }

        package func serialized() -> String {
            "(" + items.map { $0.serialized() }.joined(separator: " ") + ")" + parameters.serialized()
        }
    }

    package enum Member: Sendable, Hashable {
        case item(Item)
        case innerList(InnerList)

        package func serialized() -> String {
            switch self {
            case .item(let i): i.serialized()
            case .innerList(let l): l.serialized()
            }
        }
    }

    /// An ordered dictionary of members.
    package struct Dictionary: Sendable, Hashable {
        package var members: [(key: String, value: Member)]

        package init(_ members: [(key: String, value: Member)] = []) { self.members = members }

        package subscript(key: String) -> Member? { members.first { $0.key == key }?.value }

        package var keys: [String] { members.map(\.key) }

        package func serialized() -> String {
            members.map { m in
                if case .item(let i) = m.value, i.bareItem == .boolean(true) { return m.key + i.parameters.serialized() }
                return m.key + "=" + m.value.serialized()
            }.joined(separator: ", ")
        }

        package static func == (a: Dictionary, b: Dictionary) -> Bool {
            a.members.count == b.members.count && zip(a.members, b.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        }

        package func hash(into h: inout Hasher) {
            for m in members { h.combine(m.key); h.combine(m.value) }
        }
    }
}
