import Foundation
import HTTPClient
import SyncCore
import SyncCrypto
import SyncProtocol

/// Talks to one peer over HTTPS (libcurl, one reused connection): every
/// request signed with this node's key, every response checked against the
/// peer's key, so the client knows it talks to the node it meant.
public final class PeerClient {
    public let peer: PeerConfig
    let client: HTTPClient
    let signer: HTTPSignatureSigner
    let trust: TrustStore
    /// Bytes received and sent so far (bodies and headers' bodies).
    public private(set) var bytesReceived = 0
    public private(set) var bytesSent = 0
    /// When set, every request is bounded by what is left until `deadline`,
    /// and none starts after it (`--deadline`: a whole pull or push).
    public private(set) var deadline: ContinuousClock.Instant?
    private var deadlineLength: Duration = .zero

    /// Bounds everything this client still does to `length` from now.
    public func setDeadline(_ length: Duration, from start: ContinuousClock.Instant = .now) {
        deadline = start + length
        deadlineLength = length
    }

    /// A TLS client certificate and key to present (for peers that require one).
    public struct ClientCertificate: Sendable {
        public var certificateFile: String
        public var keyFile: String
        public init(certificateFile: String, keyFile: String) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }

    public struct Timeouts: Sendable {
        public var connect: Duration = .seconds(10)
        public var lowSpeedTime: Duration = .seconds(20)
        public var request: Duration = .seconds(120)
        public init() {}
    }

    public init(peer: PeerConfig, identity: NodeIdentity, key: Ed25519PrivateKey, trust: TrustStore,
                timeouts: Timeouts = Timeouts(), clientCertificate: ClientCertificate? = nil) throws {
        self.peer = peer
        self.trust = trust
        let trustMode: HTTPClientTrust
        switch (peer.caPath(peersDirectory: trust.directory), peer.pin) {
        case (let ca?, let pin?): trustMode = .caBundleAndPinnedKey(path: ca, pin: pin)
        case (let ca?, nil): trustMode = .caBundle(path: ca)
        case (nil, let pin?): trustMode = .pinnedKey(pin)
        case (nil, nil): trustMode = .systemCAs
        }
        var config = HTTPClientConfiguration(baseURL: peer.url, trust: trustMode,
                                             clientCertificateFile: clientCertificate?.certificateFile,
                                             clientKeyFile: clientCertificate?.keyFile)
        config.connectTimeout = timeouts.connect
        config.lowSpeedTime = timeouts.lowSpeedTime
        config.requestTimeout = timeouts.request
        config.maxResponseBytes = WireLimits.maxResponseBodyBytes
        config.allowPlainHTTPOnLoopback = true
        do { client = try HTTPClient(configuration: config) } catch {
            throw PeerError(peer: peer.name, kind: .unavailable, message: "cannot set up the connection: \(error)")
        }
        signer = NodeSigner.make(name: identity.name, key: key)
    }

    public func nodeInfo() throws -> NodeInfo {
        let body = try exchange("GET", "/v1/node", body: [])
        do { return try NodeInfo.decode(body) } catch {
            throw PeerError(peer: peer.name, kind: .rejected, message: "its /v1/node answer is malformed: \(error)")
        }
    }

    public func changes(_ query: ChangesQuery) throws -> ChangesPage {
        // A page of `limit` entries cannot need more: fail fast on a peer
        // that announces or streams more (memory, docs/security.md).
        let body = try exchange("GET", query.target, body: [], maxResponseBytes: WireLimits.pageBodyCap(limit: query.limit))
        do { return try ChangesPage.decode(body, request: query) } catch {
            throw PeerError(peer: peer.name, kind: .rejected,
                            message: "\(peer.name) sent a malformed change-log page (after \(query.since)): \(error). "
                            + "The fault is on its side: tell its operator")
        }
    }

    public func push(_ changeset: ChangeSetPush) throws -> PushResult {
        let body = try exchange("POST", "/v1/changesets", body: changeset.encoded())
        do {
            let result = try PushResult.decode(body)
            guard result.changesetID == changeset.changesetID else {
                throw PeerError(peer: peer.name, kind: .rejected, message: "it acknowledged change-set \(result.changesetID), not \(changeset.changesetID)")
            }
            return result
        } catch let e as PeerError { throw e } catch {
            throw PeerError(peer: peer.name, kind: .rejected, message: "its push result is malformed: \(error)")
        }
    }

    /// One signed request; the verified response body of a 2xx answer.
    func exchange(_ method: String, _ target: String, body: [UInt8], maxResponseBytes: Int? = nil) throws -> [UInt8] {
        let remaining = deadline.map { $0 - .now }
        if let remaining, remaining <= .zero { throw deadlinePassed(method, target) }
        let now = Int64(Clock.nowMillis() / 1000)
        let targetURI = peer.url + target
        var nonceBytes = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in nonceBytes.indices { nonceBytes[i] = rng.next() }
        var headers = HTTPHeaders()
        if !body.isEmpty { headers.add(name: "Content-Type", value: "application/json") }
        try signer.signRequest(method: method, targetURI: targetURI, body: body, now: now,
                               nonce: Base64URL.encode(nonceBytes)).apply(to: &headers)
        let response: ClientResponse
        do {
            var request = ClientRequest(method: method, target: target, headers: headers, body: body)
            request.timeout = remaining
            request.maxResponseBytes = maxResponseBytes
            response = try client.send(request)
        } catch let e as HTTPClientError {
            if let deadline, deadline <= .now { throw deadlinePassed(method, target) }
            throw transportError(e, method, target)
        } catch {
            throw PeerError(peer: peer.name, kind: .unavailable, message: String(describing: error))
        }
        bytesSent += body.count
        bytesReceived += response.body.count
        try verify(response, method: method, targetURI: targetURI)
        guard response.isSuccess else {
            let detail = (try? ErrorBody.decode(response.body)).map { "\($0.code): \($0.message)" } ?? "HTTP \(response.status)"
            let kind: PeerError.Kind = response.status >= 500 ? .unavailable : .rejected
            throw PeerError(peer: peer.name, kind: kind, message: "it answered \(method) \(target) with \(response.status) (\(detail))")
        }
        return response.body
    }

    /// Checks the response's signature and digest against the peer's key.
    func verify(_ response: ClientResponse, method: String, targetURI: String) throws {
        let message = HTTPSignatureMessage.response(status: response.status, headers: response.headers,
                                                    request: .init(method: method, targetURI: targetURI))
        let verifier = HTTPSignatureVerifier(profile: .response, sha256: { SHA256.hash($0) })
        let name = peer.name
        let trust = self.trust
        do {
            let verified = try verifier.verify(message, body: response.body, now: Int64(Clock.nowMillis() / 1000)) { keyID, base, sig in
                keyID == name && trust.verifyMessage(from: name, signature: sig, base: base) == .valid
            }
            _ = verified
        } catch let e as SignatureError where e.code == .digestMismatch {
            throw PeerError(peer: peer.name, kind: .rejected,
                            message: "its answer to \(method) \(targetURI) (HTTP \(response.status)) does not match its Content-Digest: "
                            + "the body was altered in transit or by a broken proxy (\(e)). The signature itself is not in doubt; "
                            + "check for proxies or middleboxes on the way to \(peer.url)")
        } catch {
            throw PeerError(peer: peer.name, kind: .rejected,
                            message: "its answer (HTTP \(response.status)) is not signed by \(peer.name)'s trusted key: \(error). Check the peer's URL and public key (`syncnode peer show \(peer.name)`)")
        }
    }

    private func deadlinePassed(_ method: String, _ target: String) -> PeerError {
        var e = PeerError(peer: peer.name, kind: .unavailable,
                          message: "passed the \(deadlineLength.components.seconds) s deadline for this peer during \(method) \(target) "
                          + "(slow or stalled peer); the run moves on. Pages already applied are kept; raise --deadline if the peer is just slow")
        e.retryable = false
        return e
    }

    /// A transport failure, saying whose fault it is, and whether a retry
    /// in this run could help.
    private func transportError(_ e: HTTPClientError, _ method: String, _ target: String) -> PeerError {
        var error = PeerError(peer: peer.name, kind: .unavailable, message: String(describing: e))
        switch e.code {
        case .protocolError, .truncatedBody:
            error.message = "\(peer.name) sent a malformed answer to \(method) \(target): \(e.reason). The fault is on its side (or a proxy's)"
            error.retryable = e.code == .truncatedBody
        case .responseTooLarge:
            error.message = "\(peer.name)'s answer to \(method) \(target) is too large: \(e.reason). Cut off to protect this node's memory; "
                + "a well-behaved peer never sends that much (docs/security.md)"
            error.retryable = false
        case .tlsVerificationFailed, .pinnedKeyMismatch, .localCertificateProblem, .invalidConfiguration, .invalidRequest:
            error.retryable = false
        case .tlsHandshakeFailed:
            // A reset mid-handshake is transient; a refused version or certificate is not.
            let reason = e.reason.lowercased()
            error.retryable = reason.contains("ssl_error_syscall") || reason.contains("reset") || reason.contains("eof")
        default:
            break
        }
        return error
    }
}

@available(*, unavailable)
extension PeerClient: Sendable {}
