/// A JSON value, used for the wire protocol, storage, export and `--json`
/// output. Numbers keep their exact text so that integers of any size are
/// read without a detour through floating point. Serialisation is
/// deterministic (object keys in UTF-8 byte order). What gets signed is
/// never this JSON but `CanonicalEncoding`.
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// An unsigned integer number.
    package static func uint(_ v: UInt64) -> JSONValue { .number(String(v)) }
    package static func int(_ v: Int) -> JSONValue { .number(String(v)) }

    /// The JSON type name, for error messages.
    package var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Serializes compactly, object keys in ascending UTF-8 byte order, so
    /// the same value always gives the same bytes (stable ETags).
    package func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out)
        return out
    }

    package func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.map { (key: $0, bytes: Array($0.utf8)) }
                .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
            for (i, k) in keys.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(k.key, to: &out)
                out.append(UInt8(ascii: ":"))
                members[k.key]!.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// RFC 8259 string: escapes `"`, `\` and control characters only;
    /// everything else is written as UTF-8. Runs of plain bytes are copied
    /// whole: every stored revision and view is encoded with this, and the
    /// byte-at-a-time loop was the largest single cost of an import.
    package static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = s
        text.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var plainFrom = 0
            while plainFrom < bytes.count {
                let i = raw.endOfPlainJSONRun(from: plainFrom)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainFrom..<i]))
                guard i < bytes.count else { return }
                let c = bytes[i]
                plainFrom = i + 1
                out.append(UInt8(ascii: "\\"))
                switch c {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(c)
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    let low = c & 15
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), UInt8(ascii: "0") + (c >> 4),
                                            low < 10 ? UInt8(ascii: "0") + low : UInt8(ascii: "a") + low - 10])
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    package static func double(_ v: Double) -> JSONValue {
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return .number(String(Int64(v))) }
        return v.isFinite ? .number(String(v)) : .null
    }

    package subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    package var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The serialised text (compact).
    package var text: String { String(decoding: serialized(), as: UTF8.self) }

    /// Two-space indented text for people (`--json` output).
    package func prettyText() -> String {
        var out: [UInt8] = []
        writePretty(to: &out, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// An object's text with `first` keys in that order, then the rest
    /// sorted (so that `id` and `kind` lead each exported record).
    package func text(leadingKeys first: [String]) -> String {
        guard case .object(let o) = self else { return text }
        var out: [UInt8] = [UInt8(ascii: "{")]
        let rest = o.keys.filter { !first.contains($0) }.map { (key: $0, bytes: Array($0.utf8)) }
            .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }.map(\.key)
        for (i, k) in (first.filter { o[$0] != nil } + rest).enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            Self.writeString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            o[k]!.write(to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    func writePretty(to out: inout [UInt8], indent: Int) {
        let pad = Array(repeating: UInt8(ascii: " "), count: 2 * (indent + 1))
        let closePad = Array(repeating: UInt8(ascii: " "), count: 2 * indent)
        switch self {
        case .array(let items) where !items.isEmpty:
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                out.append(contentsOf: i > 0 ? [UInt8(ascii: ","), 0x0A] : [0x0A])
                out.append(contentsOf: pad)
                item.writePretty(to: &out, indent: indent + 1)
            }
            out.append(0x0A)
            out.append(contentsOf: closePad)
            out.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.map { (key: $0, bytes: Array($0.utf8)) }
                .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
            for (i, k) in keys.enumerated() {
                out.append(contentsOf: i > 0 ? [UInt8(ascii: ","), 0x0A] : [0x0A])
                out.append(contentsOf: pad)
                Self.writeString(k.key, to: &out)
                out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                members[k.key]!.writePretty(to: &out, indent: indent + 1)
            }
            out.append(0x0A)
            out.append(contentsOf: closePad)
            out.append(UInt8(ascii: "}"))
        default:
            write(to: &out)
        }
    }
}
