import Foundation
import HTTPClient
import SyncCore
import SyncCrypto
import SyncProtocol

/// Builds and sends requests signed like a peer's (RFC 9421, docs/protocol.md
/// section 9), but by hand, so a test can replay the very same request,
/// sign for another URI, or sign with a key nobody trusts, and then look at
/// the raw status and error code.
final class SignedRequester {
    let name: String
    let key: Ed25519PrivateKey
    let baseURL: String
    let client: HTTPClient

    init(name: String, key: Ed25519PrivateKey, baseURL: String, caFile: String) throws {
        self.name = name
        self.key = key
        self.baseURL = baseURL
        var config = HTTPClientConfiguration(baseURL: baseURL, trust: .caBundle(path: caFile))
        config.connectTimeout = .seconds(5)
        config.requestTimeout = .seconds(30)
        client = try HTTPClient(configuration: config)
    }

    /// A signed request for `target`; the signature covers `signedURI`
    /// (by default the URI actually requested).
    func request(_ method: String, _ target: String, body: [UInt8] = [], signedURI: String? = nil) throws -> ClientRequest {
        let key = self.key
        let signer = HTTPSignatureSigner(keyID: name, sign: { try key.sign($0) }, sha256: { SHA256.hash($0) })
        var nonce = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in nonce.indices { nonce[i] = rng.next() }
        var headers = HTTPHeaders()
        if !body.isEmpty { headers.add(name: "Content-Type", value: "application/json") }
        try signer.signRequest(method: method, targetURI: signedURI ?? (baseURL + target), body: body,
                               now: Int64(Date().timeIntervalSince1970), nonce: Base64URL.encode(nonce)).apply(to: &headers)
        return ClientRequest(method: method, target: target, headers: headers, body: body)
    }

    func send(_ request: ClientRequest) throws -> ClientResponse {
        try client.send(request)
    }

    /// Signs and sends.
    func send(_ method: String, _ target: String, body: [UInt8] = [], signedURI: String? = nil) throws -> ClientResponse {
        try send(request(method, target, body: body, signedURI: signedURI))
    }

    /// The `code` of an error body, or nil when the body is not one.
    static func errorBody(_ response: ClientResponse) -> ErrorBody? {
        try? ErrorBody.decode(response.body)
    }
}
