import Foundation
import HTTPServer
import Synchronization
import SyncCrypto
import SyncProtocol
import TestSupport
import ThrowawayTLS

/// A peer that misbehaves as its `respond` closure says, over TLS on
/// 127.0.0.1. In-memory answers are signed with its own key (so the client
/// gets past signature checks to the misbehaviour under test); streamed
/// answers cannot be signed and are meant to fail before that check.
/// Stopped by `stop()` or when it goes away.
final class HostilePeer {
    let name: String
    let key: Ed25519PrivateKey
    let url: String
    private let server: HTTPServer

    /// - Parameter alterAfterSigning: change the last body byte after
    ///   signing, as a broken proxy would.
    init(name: String, certificate: ThrowawayCertificate, alterAfterSigning: Bool = false,
         respond: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws {
        self.name = name
        let key = try Ed25519PrivateKey.generate()
        self.key = key
        let base = Mutex("")
        let tls = HTTPServerTLS(certificatePEM: certificate.certificatePEM, privateKeyPEM: certificate.keyPEM)
        var limits = HTTPServerLimits()
        limits.requestDeadline = .seconds(60)
        server = try HTTPServer(configuration: HTTPServerConfiguration(tls: tls, limits: limits)) { request in
            var response = respond(request)
            guard let body = response.bodyBytes else { return response }
            let signer = HTTPSignatureSigner(keyID: name, sign: { try key.sign($0) }, sha256: { SHA256.hash($0) })
            let target = base.withLock { $0 } + request.target
            if let headers = try? signer.signResponse(status: response.status, body: body,
                                                      request: .init(method: request.method, targetURI: target),
                                                      now: Int64(Date().timeIntervalSince1970)) {
                headers.apply(to: &response.headers)
            }
            if alterAfterSigning, var altered = response.bodyBytes, !altered.isEmpty {
                altered[altered.count - 1] ^= 0x01
                response.body = .bytes(altered)
            }
            return response
        }
        url = "https://127.0.0.1:\(try server.start())"
        base.withLock { $0 = url }
    }

    deinit { server.stop() }

    func stop() { server.stop() }

    /// A signed JSON answer.
    static func json(_ body: [UInt8], status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }
}
