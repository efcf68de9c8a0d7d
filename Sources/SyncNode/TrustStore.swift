import FoundationEssentials
import SyncCore
import SyncCrypto

/// The peers a node trusts, from `<home>/peers/*.json`, and the one place a
/// signature is checked against an author's keys.
package struct TrustStore: Sendable {
    package let directory: String
    package private(set) var peers: [String: PeerConfig]
    /// This node itself (its own revisions can come back through relays).
    package let selfIdentity: NodeIdentity

    package init(directory: String, selfIdentity: NodeIdentity) throws {
        self.directory = directory
        self.selfIdentity = selfIdentity
        self.peers = [:]
        guard FileManager.default.fileExists(atPath: directory) else { return }
        for f in try Self.peerFileNames(in: directory) {
            let path = directory + "/" + f
            guard let data = FileManager.default.contents(atPath: path) else {
                throw NodeError(.failure, "cannot read peer file \(path): check that it exists and that this user may read it")
            }
            let peer = try PeerConfig.parse(String(decoding: data, as: UTF8.self), file: path)
            if peer.name + ".json" != f {
                throw NodeError(.data, "peer file \(path) names peer '\(peer.name)': rename the file to \(peer.name).json")
            }
            peers[peer.name] = peer
        }
    }

    /// The peer files in `directory` (`<name>.json`), sorted.
    package static func peerFileNames(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// This trust store with `peer`'s settings replaced (after it rotated its key).
    package func replacing(_ peer: PeerConfig) -> TrustStore {
        var copy = self
        copy.peers[peer.name] = peer
        return copy
    }

    package func peer(_ name: String) throws -> PeerConfig {
        guard let p = peers[name] else {
            let known = peers.keys.sorted().joined(separator: ", ")
            throw NodeError(.notFound, "no peer named '\(name)' (known peers: \(known.isEmpty ? "none" : known)); add one with `syncnode peer add`")
        }
        return p
    }

    /// Peers named, or all in name order when `names` is empty.
    package func select(_ names: [String]) throws -> [PeerConfig] {
        names.isEmpty ? peers.keys.sorted().map { peers[$0]! } : try names.map(peer)
    }

    package enum Verdict: Equatable, Sendable {
        case valid
        case unknownAuthor
        case revokedKey
        case badSignature
    }

    /// Checks that a revision's bytes were signed by `author` with a key
    /// this node trusts for its revisions: the current key or one it used
    /// before a rotation (`previous_keys`), never a revoked one.
    package func verify(author: String, signature: [UInt8], message: [UInt8]) -> Verdict {
        let node = ActorEpoch.parse(author).node
        if node == selfIdentity.name {
            let own = [selfIdentity.publicKey] + selfIdentity.previousKeys
            return own.contains(where: { $0.isValidSignature(signature, for: message) }) ? .valid : .badSignature
        }
        guard let peer = peers[node] else { return .unknownAuthor }
        if peer.revokedKeys.contains(where: { $0.isValidSignature(signature, for: message) }) { return .revokedKey }
        for key in [peer.publicKey] + peer.previousKeys where key.isValidSignature(signature, for: message) {
            return .valid
        }
        return .badSignature
    }

    /// Checks a live HTTP message (RFC 9421 signature base) from `peer`: only
    /// its current key counts. Keys retired by rotation keep old revisions
    /// valid but may not speak for the peer any more.
    package func verifyMessage(from peer: String, signature: [UInt8], base: [UInt8]) -> Verdict {
        guard let config = peers[peer] else { return .unknownAuthor }
        return config.publicKey.isValidSignature(signature, for: base) ? .valid : .badSignature
    }

    /// Checks a signed revision: the author's signature over its canonical bytes.
    package func verify(_ signed: SignedRevision) -> Verdict {
        let r = signed.revision
        if ActorEpoch.parse(r.dot.actor).node != ActorEpoch.parse(r.author).node { return .badSignature }
        return verify(author: r.author, signature: signed.signature, message: CanonicalEncoding.signingBytes(of: r))
    }

    /// Writes a peer file (replacing one of the same name).
    package static func save(_ peer: PeerConfig, in directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/\(peer.name).json"
        guard FileManager.default.createFile(atPath: path, contents: Data((peer.json.prettyText() + "\n").utf8)) else {
            throw NodeError(.cannotCreate, "cannot write \(path): check that the peers directory is writable by this user")
        }
    }
}
