import Foundation
import HTTPClient
import SyncCore
import SyncCrypto
import SyncNode
import SyncProtocol

/// One simulated peer of the serve benchmark, with its own key and its own
/// TLS connection. Against the node it is the real `PeerClient` (requests
/// signed, answers' RFC 9421 signatures verified, pages and push results
/// decoded); against nginx it sends the same signed requests with the same
/// libcurl client and decodes the same page bytes, but there is no answer
/// signature to verify. Unchecked Sendable: each client is used by one
/// thread at a time (its own load thread, then the state check).
final class LoadClient: @unchecked Sendable {
    enum Target {
        case node(PeerClient)
        case plain(HTTPClient, baseURL: String)
    }

    let name: String
    let key: Ed25519PrivateKey
    private let target: Target
    private let signer: HTTPSignatureSigner

    init(name: String, key: Ed25519PrivateKey, target: Target) {
        self.name = name
        self.key = key
        self.target = target
        signer = HTTPSignatureSigner(keyID: name, sign: { try key.sign($0) }, sha256: { SHA256.hash($0) })
    }

    /// A client of the node at `url`, trusting `caFile`, for the peer `origin` with `originKey`.
    static func node(name: String, key: Ed25519PrivateKey, url: String, caFile: String, originKey: Ed25519PublicKey,
                     peersDirectory: String) throws -> LoadClient {
        let identity = NodeIdentity(name: name, publicKey: key.publicKey)
        let trust = try TrustStore(directory: peersDirectory, selfIdentity: identity)
        let peer = PeerConfig(name: "origin", url: url, publicKey: originKey, caFile: caFile)
        return LoadClient(name: name, key: key, target: .node(try PeerClient(peer: peer, identity: identity, key: key, trust: trust)))
    }

    /// A client of a plain TLS server (nginx) at `url`, trusting `caFile`.
    static func plain(name: String, key: Ed25519PrivateKey, url: String, caFile: String) throws -> LoadClient {
        var configuration = HTTPClientConfiguration(baseURL: url, trust: .caBundle(path: caFile))
        configuration.maxResponseBytes = WireLimits.maxResponseBodyBytes
        return LoadClient(name: name, key: key, target: .plain(try HTTPClient(configuration: configuration), baseURL: url))
    }

    /// One page; returns it decoded.
    func pull(_ query: ChangesQuery) throws -> ChangesPage {
        switch target {
        case .node(let peer):
            return try peer.changes(query)
        case .plain:
            return try ChangesPage.decode(try raw("GET", query.target, body: []), request: query)
        }
    }

    /// One change-set; returns how many revisions the node applied (nginx: the count sent).
    func push(_ changeset: ChangeSetPush, body: [UInt8]) throws -> Int {
        switch target {
        case .node(let peer):
            let result = try peer.push(changeset)
            guard result.rejected.isEmpty else { throw BenchError("\(name): the node rejected \(result.rejected)") }
            return result.applied.count + result.alreadyHad.count
        case .plain:
            _ = try raw("POST", "/v1/changesets", body: body)
            return changeset.revisions.count
        }
    }

    /// A signed request as PeerClient sends it; the body of a 200 answer.
    func raw(_ method: String, _ path: String, body: [UInt8]) throws -> [UInt8] {
        let (client, url): (HTTPClient, String)
        switch target {
        case .plain(let c, let u): (client, url) = (c, u)
        case .node(let peer):
            var configuration = HTTPClientConfiguration(baseURL: peer.peer.url, trust: .caBundle(path: peer.peer.caFile ?? ""))
            configuration.maxResponseBytes = WireLimits.maxResponseBodyBytes
            (client, url) = (try HTTPClient(configuration: configuration), peer.peer.url)
        }
        var nonce = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in nonce.indices { nonce[i] = rng.next() }
        var headers = HTTPHeaders()
        if !body.isEmpty { headers.add(name: "Content-Type", value: "application/json") }
        try signer.signRequest(method: method, targetURI: url + path, body: body, now: Int64(Date().timeIntervalSince1970),
                               nonce: Base64URL.encode(nonce)).apply(to: &headers)
        let response = try client.send(ClientRequest(method: method, target: path, headers: headers, body: body))
        guard response.status == 200 else {
            throw BenchError("\(name): \(method) \(path) answered \(response.status): \(response.bodyText.prefix(200))")
        }
        return response.body
    }
}
