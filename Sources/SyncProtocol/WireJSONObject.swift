/// Typed access to one JSON object's members, producing `WireError`s that
/// name the member's full path. Unknown members are ignored (forward
/// compatibility); they are never signed, so dropping them is safe.
package struct WireJSONObject: Sendable {
    package let members: [String: WireJSON]
    /// Path of this object (`revisions[2].revision`), empty at the root.
    package let path: String

    /// - Throws: `.wrongType` unless `value` is an object.
    package init(_ value: WireJSON, path: String) throws(WireError) {
        guard case .object(let m) = value else {
            throw WireError(.wrongType, field: path, "must be an object, got \(value.typeName)")
        }
        self.members = m
        self.path = path
    }

    package func childPath(_ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    package func value(_ key: String) throws(WireError) -> WireJSON {
        guard let v = members[key] else {
            throw WireError(.missingField, field: childPath(key), "is required")
        }
        return v
    }

    package func string(_ key: String) throws(WireError) -> String {
        try WireJSONObject.string(value(key), path: childPath(key))
    }

    package func bool(_ key: String) throws(WireError) -> Bool {
        let v = try value(key)
        guard case .bool(let b) = v else {
            throw WireError(.wrongType, field: childPath(key), "must be true or false, got \(v.typeName)")
        }
        return b
    }

    package func uint64(_ key: String) throws(WireError) -> UInt64 {
        try WireJSONObject.uint64(value(key), path: childPath(key))
    }

    package func array(_ key: String) throws(WireError) -> [WireJSON] {
        let v = try value(key)
        guard case .array(let a) = v else {
            throw WireError(.wrongType, field: childPath(key), "must be an array, got \(v.typeName)")
        }
        return a
    }

    package func object(_ key: String) throws(WireError) -> WireJSONObject {
        try WireJSONObject(value(key), path: childPath(key))
    }

    package static func string(_ v: WireJSON, path: String) throws(WireError) -> String {
        guard case .string(let s) = v else {
            throw WireError(.wrongType, field: path, "must be a string, got \(v.typeName)")
        }
        return s
    }

    /// A non-negative integer written without sign, fraction or exponent,
    /// up to 2^64-1 (`-0` too is refused: one value, one spelling).
    package static func uint64(_ v: WireJSON, path: String) throws(WireError) -> UInt64 {
        guard case .number(let text) = v else {
            throw WireError(.wrongType, field: path, "must be a non-negative integer, got \(v.typeName)")
        }
        guard text.utf8.first != UInt8(ascii: "-"), let n = UInt64(text) else {
            throw WireError(.invalidValue, field: path, "must be an integer from 0 to 18446744073709551615, got \(text)")
        }
        return n
    }
}
