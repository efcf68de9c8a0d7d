import FoundationEssentials
import SyncCore
import SyncCrypto

/// One trusted peer city, as kept in `<home>/peers/<name>.json`:
///
///     {"name": "singapore", "url": "https://sg.example.org:8443",
///      "public_key": "<base64url Ed25519>", "ca_file": "singapore-ca.pem",
///      "pin": "sha256//<base64>", "previous_keys": [], "revoked_keys": []}
///
/// `ca_file` (relative to the peers directory, or absolute) and `pin` are
/// optional; without either, the system CA store verifies the peer.
/// `client_certificate` and `client_key` (both or neither, same path rules)
/// are the TLS client certificate this node presents to that peer, for
/// peers whose `serve` requires one; without them the home-wide
/// `client-cert.pem`/`client-key.pem` serve, if present.
package struct PeerConfig: Sendable, Equatable {
    package var name: String
    package var url: String
    package var publicKey: Ed25519PublicKey
    package var caFile: String?
    package var pin: String?
    /// Keys the peer used before a rotation: their old signatures still verify.
    package var previousKeys: [Ed25519PublicKey]
    /// Compromised keys: anything they signed is rejected.
    package var revokedKeys: [Ed25519PublicKey]
    /// The TLS client certificate and key files presented to this peer.
    package var clientCertificate: String?
    package var clientKey: String?

    package init(name: String, url: String, publicKey: Ed25519PublicKey, caFile: String? = nil, pin: String? = nil,
                previousKeys: [Ed25519PublicKey] = [], revokedKeys: [Ed25519PublicKey] = []) {
        self.name = name
        self.url = url
        self.publicKey = publicKey
        self.caFile = caFile
        self.pin = pin
        self.previousKeys = previousKeys
        self.revokedKeys = revokedKeys
    }

    /// Checks the fields a person typed. `plainHTTP` is the loopback-only
    /// escape hatch for tests against `serve --plain-http`: without it an
    /// `http://` URL is refused, since the client would send content in clear.
    package static func validated(name: String, url: String, publicKey: String, caFile: String?, pin: String?,
                                 plainHTTP: Bool = false) throws -> PeerConfig {
        do { try NodeName.validate(name) } catch let e as ValidationError { throw NodeError(.data, "peer \(e.reason)") }
        guard url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://"), DocumentSchema.isURL(url) else {
            throw NodeError(.data, "peer '\(name)': '\(url)' is not a URL such as https://node.city.example:8443")
        }
        let key: Ed25519PublicKey
        do { key = try Ed25519PublicKey(base64url: publicKey) } catch {
            throw NodeError(.data, "peer '\(name)': the public key is not a base64url Ed25519 key (43 characters, as `syncnode whoami` prints it)")
        }
        if let pin, !pin.hasPrefix("sha256//") || pin.count < 20 {
            throw NodeError(.data, "peer '\(name)': a pin looks like sha256//BASE64 (the SHA-256 of the server's public key)")
        }
        if url.lowercased().hasPrefix("http://") {
            let host = url.dropFirst(7).prefix { $0 != "/" && $0 != ":" }
            guard host == "127.0.0.1" || host == "localhost" || url.lowercased().hasPrefix("http://[::1]") else {
                throw NodeError(.data, "peer '\(name)': \(url) is plain http://, which would send content and signatures in clear: use the peer's https:// URL (plain HTTP is only for local tests on a loopback address)")
            }
            guard plainHTTP else {
                throw NodeError(.data, "peer '\(name)': \(url) is plain http://, which would send content in clear: use https://. Only for a local test against `serve --plain-http` on a loopback address, add --plain-http")
            }
        }
        var trimmed = url
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return PeerConfig(name: name, url: trimmed, publicKey: key, caFile: caFile, pin: pin)
    }

    package var json: JSONValue {
        var o: [String: JSONValue] = ["name": .string(name), "url": .string(url), "public_key": .string(publicKey.base64url),
                                      "key_id": .string(publicKey.keyID)]
        if let caFile { o["ca_file"] = .string(caFile) }
        if let pin { o["pin"] = .string(pin) }
        if !previousKeys.isEmpty { o["previous_keys"] = .array(previousKeys.map { .string($0.base64url) }) }
        if !revokedKeys.isEmpty { o["revoked_keys"] = .array(revokedKeys.map { .string($0.base64url) }) }
        if let clientCertificate, let clientKey {
            o["client_certificate"] = .string(clientCertificate)
            o["client_key"] = .string(clientKey)
        }
        return .object(o)
    }

    /// Reads a peer file; errors name the file and the field.
    package static func parse(_ text: String, file: String) throws -> PeerConfig {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch {
            throw NodeError(.data, "peer file \(file) is not valid JSON: \(error)")
        }
        func field(_ k: String) throws -> String {
            guard let s = value[k]?.string, !s.isEmpty else { throw NodeError(.data, "peer file \(file): field '\(k)' is missing") }
            return s
        }
        func keys(_ k: String) throws -> [Ed25519PublicKey] {
            guard case .array(let a)? = value[k] else { return [] }
            return try a.map {
                guard let s = $0.string, let key = try? Ed25519PublicKey(base64url: s) else {
                    throw NodeError(.data, "peer file \(file): '\(k)' holds something that is not a base64url Ed25519 key")
                }
                return key
            }
        }
        var config = try validated(name: try field("name"), url: try field("url"), publicKey: try field("public_key"),
                                   caFile: value["ca_file"]?.string, pin: value["pin"]?.string,
                                   plainHTTP: true)
        config.previousKeys = try keys("previous_keys")
        config.revokedKeys = try keys("revoked_keys")
        config.clientCertificate = value["client_certificate"]?.string
        config.clientKey = value["client_key"]?.string
        if (config.clientCertificate == nil) != (config.clientKey == nil) {
            throw NodeError(.data, "peer file \(file): 'client_certificate' and 'client_key' go together: give both or neither")
        }
        return config
    }

    /// The CA file as an absolute path (relative paths are relative to `peersDirectory`).
    package func caPath(peersDirectory: String) -> String? {
        caFile.map { Self.absolute($0, in: peersDirectory) }
    }

    /// This peer's own client certificate and key, as absolute paths.
    package func clientCertificatePaths(peersDirectory: String) -> PeerClient.ClientCertificate? {
        guard let clientCertificate, let clientKey else { return nil }
        return PeerClient.ClientCertificate(certificateFile: Self.absolute(clientCertificate, in: peersDirectory),
                                            keyFile: Self.absolute(clientKey, in: peersDirectory))
    }

    static func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }
}
