import FoundationEssentials
import HTTPClient
import SyncCore
import SyncCrypto
import SyncProtocol

/// Talks to one peer over HTTPS (libcurl, one reused connection): every
/// request signed with this node's key, every response checked against the
/// peer's key, so the client knows it talks to the node it meant.
package final class PeerClient {
    package let peer: PeerConfig
    let client: HTTPClient
    let signer: HTTPSignatureSigner
    let trust: TrustStore
    /// The client certificate file presented in the TLS handshake, if any.
    let presentedCertificate: String?
    /// Bytes received and sent so far (bodies and headers' bodies).
    package private(set) var bytesReceived = 0
    /// The head of the peer's change log as its signed `/v1/node` answer
    /// gave it (`checkKey`); nil before, or from a peer that does not say.
    /// The total of a pull's progress line.
    package private(set) var peerHeadSeq: UInt64?
    package private(set) var bytesSent = 0
    /// When set, every request is bounded by what is left until `deadline`,
    /// and none starts after it (`--deadline`: a whole pull or push).
    package private(set) var deadline: ContinuousClock.Instant?
    private var deadlineLength: Duration = .zero
    /// The peer's clock minus ours, in seconds, from the `created` time of
    /// its last verified response signature (for `syncnode doctor`).
    package private(set) var clockSkewSeconds: Int64?

    /// Bounds everything this client still does to `length` from now.
    package func setDeadline(_ length: Duration, from start: ContinuousClock.Instant = .now) {
        deadline = start + length
        deadlineLength = length
    }

    /// A TLS client certificate and key to present (for peers that require one).
    package struct ClientCertificate: Sendable {
        package var certificateFile: String
        package var keyFile: String
        package init(certificateFile: String, keyFile: String) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }

    package struct Timeouts: Sendable {
        package var connect: Duration = .seconds(10)
        package var lowSpeedTime: Duration = .seconds(20)
        package var request: Duration = .seconds(120)
        package init() {}
    }

    package init(peer: PeerConfig, identity: NodeIdentity, key: Ed25519PrivateKey, trust: TrustStore,
                timeouts: Timeouts = Timeouts(), clientCertificate: ClientCertificate? = nil) throws {
        self.peer = peer
        self.trust = trust
        self.presentedCertificate = clientCertificate?.certificateFile
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

    package func nodeInfo() throws -> NodeInfo {
        let body = try exchange("GET", "/v1/node", body: [])
        do { return try NodeInfo.decode(body) } catch {
            throw PeerError(peer: peer.name, kind: .rejected, message: "its /v1/node answer is malformed: \(error)")
        }
    }

    package func changes(_ query: ChangesQuery) throws -> ChangesPage {
        // A page of `limit` entries cannot need more: fail fast on a peer
        // that announces or streams more (memory, docs/security.md).
        let body = try exchange("GET", query.target, body: [], maxResponseBytes: WireLimits.pageBodyCap(limit: query.limit))
        do { return try ChangesPage.decode(body, request: query) } catch {
            throw PeerError(peer: peer.name, kind: .rejected,
                            message: "\(peer.name) sent a malformed change-log page (after \(query.since)): \(error). "
                            + "The fault is on its side: tell its operator")
        }
    }

    package func push(_ changeset: ChangeSetPush) throws -> PushResult {
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

    /// Asks `/v1/node` which key the peer signs with now; called only when an
    /// answer did not verify with the trusted key, so that a sync pays no
    /// extra round trip for it. Nil when it is the
    /// trusted key (or the peer gives no answer to go by: the requests that
    /// follow find out). When the peer rotated its key and its key history
    /// leads from the trusted key to the new one, returns the adoption; the
    /// answer itself must be signed with the new key.
    /// - Throws: `PeerError(.rejected)` when the peer signs with a key this
    ///   node cannot trace back to the one it trusts.
    package func checkKey() throws -> PeerKeyAdoption? {
        let target = "/v1/node"
        let response: ClientResponse
        do {
            response = try send("GET", target, body: [], maxResponseBytes: Self.nodeInfoMaxBytes)
        } catch let e as PeerError where e.kind == .unavailable && !e.retryable {
            // An answer too large or malformed, a certificate problem, the
            // deadline: the requests that follow meet it too and say so.
            return nil
        }
        // An error answer says nothing about keys (and is not trusted for anything).
        guard response.isSuccess else { return nil }
        let decoded = try? NodeInfo.decode(response.body)
        guard let info = decoded, info.publicKey != peer.publicKey.base64url else {
            try verify(response, method: "GET", targetURI: peer.url + target)
            peerHeadSeq = decoded?.headSeq
            return nil
        }
        guard let adoption = PeerKeyAdoption.follow(peer: peer.name, trusted: peer.publicKey, current: info.publicKey,
                                                    history: info.keyHistory) else {
            throw PeerError(peer: peer.name, kind: .rejected, message: "it now signs with key \(info.keyID), which is not signed by the key this node trusts (\(peer.publicKey.keyID)) in its key history: confirm the new key with \(peer.name)'s operator, then `syncnode peer add \(peer.name) --replace --url \(peer.url) --public-key NEW_KEY` (old keys stay valid for old revisions)")
        }
        if peer.revokedKeys.contains(adoption.newKey) {
            throw PeerError(peer: peer.name, kind: .rejected, message: "it now signs with key \(info.keyID), which this node's peer file lists as revoked: it is never trusted again, whoever signed it. Ask \(peer.name)'s operator to rotate to a fresh key")
        }
        try verify(response, method: "GET", targetURI: peer.url + target, key: adoption.newKey)
        peerHeadSeq = info.headSeq
        return adoption
    }

    /// `/v1/node` is a few hundred bytes, a long key history included.
    static let nodeInfoMaxBytes = 256 * 1024

    /// Sends one signed request; the response is not checked yet.
    func send(_ method: String, _ target: String, body: [UInt8], maxResponseBytes: Int? = nil) throws -> ClientResponse {
        let remaining = deadline.map { $0 - .now }
        if let remaining, remaining <= .zero { throw deadlinePassed(method, target) }
        let now = Int64(WallClock.nowMillis() / 1000)
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
            // The request was bounded by the time left: a timeout that ends
            // at (or a hair before) the deadline is the deadline's.
            if let deadline, deadline - .now < .milliseconds(100) { throw deadlinePassed(method, target) }
            throw clientCertificateRefusal(e) ?? transportError(e, method, target)
        } catch {
            throw PeerError(peer: peer.name, kind: .unavailable, message: String(describing: error))
        }
        bytesSent += body.count
        bytesReceived += response.body.count
        return response
    }

    /// One signed request; the verified response body of a 2xx answer.
    func exchange(_ method: String, _ target: String, body: [UInt8], maxResponseBytes: Int? = nil) throws -> [UInt8] {
        let response = try send(method, target, body: body, maxResponseBytes: maxResponseBytes)
        try verify(response, method: method, targetURI: peer.url + target)
        guard response.isSuccess else {
            let detail = (try? ErrorBody.decode(response.body)).map(\.description) ?? "HTTP \(response.status)"
            let kind: PeerError.Kind = response.status >= 500 ? .unavailable : .rejected
            throw PeerError(peer: peer.name, kind: kind, message: "it answered \(method) \(target) with \(response.status) (\(detail))")
        }
        return response.body
    }

    /// A peer whose `serve --client-ca` does not accept our client
    /// certificate (or got none) ends the TLS connection: with a TLS alert
    /// naming the certificate, or (libmicrohttpd) with no answer at all.
    /// Curl calls that "Empty reply from server" (52), or, when the request
    /// was still being sent or read as the peer closed, a send (55) or
    /// receive (56) failure: which one depends on timing (a slow peer, a
    /// busy machine). Says so, and what to do.
    func clientCertificateRefusal(_ e: HTTPClientError) -> PeerError? {
        let reason = e.reason.lowercased()
        let alert = ["certificate required", "bad certificate", "unknown ca", "certificate unknown", "unsupported certificate"]
            .contains { reason.contains($0) }
        let emptyReply = e.code == .peerClosedEarly && [52, 55, 56].contains(e.curlCode)
        guard alert || emptyReply, peer.url.lowercased().hasPrefix("https://") else { return nil }
        let presented = presentedCertificate.map { "this node presented \($0)" } ?? "this node presented none"
        let fix = "give this peer a certificate issued by the CA its `serve --client-ca` trusts: `syncnode peer add \(peer.name) --replace --url \(peer.url) --public-key KEY --client-cert FILE --client-key FILE` (or <home>/client-cert.pem and client-key.pem for every peer)"
        if alert {
            return PeerError(peer: peer.name, kind: .rejected,
                             message: "\(peer.name) refused this node's TLS client certificate (\(e.reason)); \(presented): \(fix)")
        }
        return PeerError(peer: peer.name, kind: .unavailable,
                         message: "\(peer.name) closed the TLS connection without answering (\(e.reason), curl error \(e.curlCode ?? 0)): it most likely requires a TLS client certificate and refused this node's TLS client certificate; \(presented). To fix, \(fix). If \(peer.name) requires none, it may have failed: ask its operator to check its log")
    }

    /// Checks the response's signature and digest against the peer's key
    /// (or `key`, a newer one being adopted).
    func verify(_ response: ClientResponse, method: String, targetURI: String, key: Ed25519PublicKey? = nil) throws {
        let message = HTTPSignatureMessage.response(status: response.status, headers: response.headers,
                                                    request: .init(method: method, targetURI: targetURI))
        let verifier = HTTPSignatureVerifier(profile: .response, sha256: { SHA256.hash($0) })
        let name = peer.name
        let trust = self.trust
        let now = Int64(WallClock.nowMillis() / 1000)
        do {
            let verified = try verifier.verify(message, body: response.body, now: now) { keyID, base, sig in
                guard keyID == name else { return false }
                if let key { return key.isValidSignature(sig, for: base) }
                return trust.verifyMessage(from: name, signature: sig, base: base) == .valid
            }
            clockSkewSeconds = verified.created - now
        } catch where error.code == .digestMismatch {
            throw PeerError(peer: peer.name, kind: .rejected,
                            message: "its answer to \(method) \(targetURI) (HTTP \(response.status)) does not match its Content-Digest: "
                            + "the body was altered in transit or by a broken proxy (\(error)). The signature itself is not in doubt; "
                            + "check for proxies or middleboxes on the way to \(peer.url)")
        } catch {
            var e = PeerError(peer: peer.name, kind: .rejected,
                              message: "its answer (HTTP \(response.status)) is not signed by \(peer.name)'s trusted key: \(error). Check the peer's URL and public key (`syncnode peer show \(peer.name)`)")
            e.signedWithAnotherKey = key == nil
            throw e
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
