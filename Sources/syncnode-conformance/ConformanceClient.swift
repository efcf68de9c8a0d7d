import Foundation
import HTTPClient
import SyncCore
import SyncCrypto
import SyncProtocol

/// Sends requests to the tested node, signed (or deliberately mis-signed)
/// as the suite needs, and checks response signatures. Raw on purpose: the
/// suite must be able to send what a correct client never would.
final class ConformanceClient {
    let baseURL: String
    let http: HTTPClient

    init(baseURL: String, caPath: String) throws {
        var config = HTTPClientConfiguration(baseURL: baseURL, trust: .caBundle(path: caPath))
        config.connectTimeout = .seconds(10)
        config.requestTimeout = .seconds(60)
        config.maxResponseBytes = WireLimits.maxResponseBodyBytes
        do { http = try HTTPClient(configuration: config) } catch {
            throw ConformanceError.setup("cannot set up HTTPS to \(baseURL): \(error)")
        }
        self.baseURL = baseURL
    }

    /// The signed target URI of `target` (the node's public URL + target).
    func targetURI(_ target: String) -> String { baseURL + target }

    /// Signature headers for a request by `name` with `key`, `created` at `now`.
    func signatureHeaders(method: String, target: String, body: [UInt8], name: String, key: Ed25519PrivateKey,
                          now: Int64 = ConformanceClient.now()) throws -> HTTPHeaders {
        let signer = HTTPSignatureSigner(keyID: name, sign: { try key.sign($0) }, sha256: { SHA256.hash($0) })
        var headers = HTTPHeaders()
        if !body.isEmpty { headers.add(name: "Content-Type", value: "application/json") }
        try signer.signRequest(method: method, targetURI: targetURI(target), body: body, now: now,
                               nonce: Self.nonce()).apply(to: &headers)
        return headers
    }

    /// Sends the request as is.
    func send(_ method: String, _ target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) throws -> ClientResponse {
        do { return try http.send(ClientRequest(method: method, target: target, headers: headers, body: body)) } catch {
            throw CheckFailure("\(method) \(target): no complete response: \(error)")
        }
    }

    /// Signs as `name` and sends.
    func signed(_ method: String, _ target: String, body: [UInt8] = [], name: String, key: Ed25519PrivateKey,
                extra: HTTPHeaders = HTTPHeaders()) throws -> ClientResponse {
        var headers = try signatureHeaders(method: method, target: target, body: body, name: name, key: key)
        for field in extra { headers.replaceOrAdd(name: field.name, value: field.value) }
        return try send(method, target, headers: headers, body: body)
    }

    /// Checks the response's Content-Digest and RFC 9421 signature by
    /// `serverName` with `serverKey`, bound to the request's target URI.
    /// - Throws: `CheckFailure` saying what is wrong.
    func verify(_ response: ClientResponse, method: String, target: String, serverName: String,
                serverKey: Ed25519PublicKey) throws {
        let message = HTTPSignatureMessage.response(status: response.status, headers: response.headers,
                                                    request: .init(method: method, targetURI: targetURI(target)))
        let verifier = HTTPSignatureVerifier(profile: .response, sha256: { SHA256.hash($0) })
        do {
            _ = try verifier.verify(message, body: response.body, now: Self.now()) { keyID, base, signature in
                keyID == serverName && serverKey.isValidSignature(signature, for: base)
            }
        } catch {
            throw CheckFailure("the \(response.status) answer to \(method) \(target) is not correctly signed by \(serverName): \(error)")
        }
    }

    /// The error code of an error body, or a description of why there is none.
    static func errorCode(_ response: ClientResponse) -> String {
        (try? ErrorBody.decode(response.body))?.code ?? "(no error body: \(response.bodyText.prefix(200)))"
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    static func nonce() -> String {
        var rng = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }
}

@available(*, unavailable)
extension ConformanceClient: Sendable {}
