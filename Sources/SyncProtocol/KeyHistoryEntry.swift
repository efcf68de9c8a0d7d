import SyncCore

/// One key rotation as `/v1/node` publishes it in `key_history`: the new key,
/// the key it replaced, and the replaced key's Ed25519 signature over
/// `signingBytes` (like Matrix's `old_verify_keys`). A peer that trusts the
/// previous key can adopt the new one without anyone editing files.
package struct KeyHistoryEntry: Sendable, Hashable {
    /// Base64url (no padding) of the new 32-byte Ed25519 public key.
    package var publicKey: String
    /// Base64url of the key this one replaced.
    package var previousKey: String
    /// Base64url of the previous key's signature over `signingBytes`.
    package var signedByPrevious: String

    package init(publicKey: String, previousKey: String, signedByPrevious: String) {
        self.publicKey = publicKey
        self.previousKey = previousKey
        self.signedByPrevious = signedByPrevious
    }

    /// The exact bytes the previous key signs (docs/protocol.md, "Key
    /// history"): binding the node's name keeps a signature from being
    /// replayed for another node that once shared the key.
    package static func signingBytes(node: String, previousKey: String, publicKey: String) -> [UInt8] {
        Array("syncnode-key-rotation-v1\nnode: \(node)\nprevious_key: \(previousKey)\npublic_key: \(publicKey)\n".utf8)
    }

    package func signingBytes(node: String) -> [UInt8] {
        Self.signingBytes(node: node, previousKey: previousKey, publicKey: publicKey)
    }

    package var json: WireJSON {
        .object(["public_key": .string(publicKey), "previous_key": .string(previousKey),
                 "signed_by_previous": .string(signedByPrevious)])
    }

    static func decode(_ value: WireJSON, path: String) throws(WireError) -> KeyHistoryEntry {
        let f = try WireJSONObject(value, path: path)
        var keys: [String] = []
        for name in ["public_key", "previous_key"] {
            let key = try f.string(name)
            guard let raw = Base64URL.decode(key), raw.count == 32 else {
                throw WireError(.invalidValue, field: f.childPath(name), "must be base64url (no padding) of a 32-byte Ed25519 public key")
            }
            keys.append(key)
        }
        let signature = try f.string("signed_by_previous")
        guard let raw = Base64URL.decode(signature), raw.count == 64 else {
            throw WireError(.invalidValue, field: f.childPath("signed_by_previous"), "must be base64url (no padding) of a 64-byte Ed25519 signature")
        }
        return KeyHistoryEntry(publicKey: keys[0], previousKey: keys[1], signedByPrevious: signature)
    }
}
