import SyncCore

/// `GET /v1/node`: who a node is and which key signs its writes.
package struct NodeInfo: Sendable, Hashable, Codable {
    /// The protocol version this code speaks.
    package static let currentProtocolVersion = 1
    /// The protocol this document names (`"protocol"`): family and major version.
    package static let protocolV1 = "syncnode/1"
    /// Optional features this code supports (`"features"`), see docs/protocol.md
    /// section 14: `excluded_heads` on the last page of an `exclude` pull, and
    /// `rejected_list` in 422 error bodies, `key_history` (rotations signed
    /// by the key before).
    package static let supportedFeatures = ["excluded_heads", "key_history", "rejected_list"]

    package var name: String
    /// Base64url (no padding) of the 32-byte Ed25519 public key.
    package var publicKey: String
    /// `"sha256:"` + hex of the first 16 bytes of SHA-256(raw public key).
    package var keyID: String
    package var protocolVersion: Int
    /// `"syncnode/1"`; nil from a node older than the member.
    package var protocolName: String?
    /// Optional features the node supports; empty from an older node.
    package var features: [String]
    /// The node's key rotations, oldest first (`key_history`, optional on
    /// the wire): each new key signed by the one before it.
    package var keyHistory: [KeyHistoryEntry] = []
    /// The last sequence number of the node's change log when it answered
    /// (`head_seq`, optional: older nodes omit it). A puller shows how much
    /// of the log is left with it; nothing depends on it being exact.
    package var headSeq: UInt64?

    enum CodingKeys: String, CodingKey {
        case name
        case publicKey = "public_key"
        case keyID = "key_id"
        case protocolVersion = "protocol_version"
        case protocolName = "protocol"
        case features
    }

    package init(name: String, publicKey: String, keyID: String, protocolVersion: Int = NodeInfo.currentProtocolVersion,
                protocolName: String? = NodeInfo.protocolV1, features: [String] = NodeInfo.supportedFeatures) {
        self.name = name
        self.publicKey = publicKey
        self.keyID = keyID
        self.protocolVersion = protocolVersion
        self.protocolName = protocolName
        self.features = features
    }

    /// True when the node says it supports `feature`.
    package func supports(_ feature: String) -> Bool { features.contains(feature) }

    package var json: WireJSON {
        var members: [String: WireJSON] = [
            "name": .string(name),
            "public_key": .string(publicKey),
            "key_id": .string(keyID),
            "protocol_version": .int(protocolVersion),
            "features": .array(features.map { .string($0) }),
        ]
        if let protocolName { members["protocol"] = .string(protocolName) }
        if !keyHistory.isEmpty { members["key_history"] = .array(keyHistory.map(\.json)) }
        if let headSeq { members["head_seq"] = .uint(headSeq) }
        return .object(members)
    }

    package func encoded() -> [UInt8] { json.serialized() }

    /// Parses and checks shapes. Does not check that `key_id` matches
    /// `public_key` (that needs SHA-256: SyncCrypto's job).
    package static func decode(_ bytes: [UInt8]) throws(WireError) -> NodeInfo {
        let f = try WireJSONObject(WireJSONParser.parse(bytes), path: "")
        let name = try f.string("name")
        do { try NodeName.validate(name) } catch {
            throw WireError(.invalidValue, field: "name", "'\(name.prefix(60))' is not a node name (a lowercase slug such as new-york)")
        }
        let key = try f.string("public_key")
        guard let raw = Base64URL.decode(key), raw.count == 32 else {
            throw WireError(.invalidValue, field: "public_key", "must be base64url (no padding) of a 32-byte Ed25519 public key")
        }
        let keyID = try f.string("key_id")
        guard keyID.hasPrefix("sha256:"), keyID.utf8.count == 39,
              keyID.utf8.dropFirst(7).allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else {
            throw WireError(.invalidValue, field: "key_id", "must be \"sha256:\" followed by 32 lowercase hex digits")
        }
        let version = try f.uint64("protocol_version")
        guard version >= 1, version <= 1_000 else {
            throw WireError(.invalidValue, field: "protocol_version", "must be an integer from 1 to 1000, got \(version)")
        }
        // Both optional: nodes older than them omit them.
        let protocolName = f.members["protocol"] == nil ? nil : try f.string("protocol")
        var features: [String] = []
        if f.members["features"] != nil {
            let items = try f.array("features")
            guard items.count <= 64 else { throw WireError(.tooLarge, field: "features", "has \(items.count) entries; at most 64 are allowed") }
            for (i, item) in items.enumerated() { features.append(try WireJSONObject.string(item, path: "features[\(i)]")) }
        }
        var info = NodeInfo(name: name, publicKey: key, keyID: keyID, protocolVersion: Int(version),
                            protocolName: protocolName, features: features)
        if f.members["key_history"] != nil {
            let entries = try f.array("key_history")
            for (i, entry) in entries.enumerated() {
                info.keyHistory.append(try KeyHistoryEntry.decode(entry, path: f.childPath("key_history") + "[\(i)]"))
            }
        }
        if f.members["head_seq"] != nil { info.headSeq = try f.uint64("head_seq") }
        return info
    }
}
