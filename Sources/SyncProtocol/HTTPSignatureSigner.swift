/// Signs requests and responses under `SignatureProfile` (RFC 9421 with
/// Ed25519, plus an RFC 9530 Content-Digest of the body).
///
/// The crypto is injected: `sign` is the node's Ed25519 private key and
/// `sha256` a SHA-256 function (both from SyncCrypto in the node).
package struct HTTPSignatureSigner: Sendable {
    /// The `keyid` parameter: this node's name.
    package var keyID: String
    package var sign: @Sendable ([UInt8]) throws -> [UInt8]
    package var sha256: @Sendable ([UInt8]) -> [UInt8]

    package init(keyID: String, sign: @escaping @Sendable ([UInt8]) throws -> [UInt8],
                sha256: @escaping @Sendable ([UInt8]) -> [UInt8]) {
        self.keyID = keyID
        self.sign = sign
        self.sha256 = sha256
    }

    /// Signs a request.
    /// - Parameters:
    ///   - targetURI: `HTTPSignatureMessage.targetURI(authority:target:)` of the request.
    ///   - now: Unix time in seconds (`created`); `expires` is `now + profile.validitySeconds`.
    ///   - nonce: a fresh random value (e.g. base64url of 16 random bytes), never reused.
    /// - Returns: the headers to add to the request.
    /// - Throws: whatever `sign` throws; `SignatureError` for an unusable component.
    package func signRequest(method: String, targetURI: String, body: [UInt8], now: Int64, nonce: String,
                            profile: SignatureProfile = .request) throws -> SignatureHeaders {
        let digest = ContentDigest.header(for: body, hash: sha256)
        var headers = HTTPHeaders()
        headers.add(name: ContentDigest.headerName, value: digest)
        let message = HTTPSignatureMessage.request(method: method, targetURI: targetURI, headers: headers)
        return try signed(message, digest: digest, now: now, nonce: nonce, profile: profile)
    }

    /// Signs a response to `request` (bound to it by `"@target-uri";req`).
    package func signResponse(status: Int, body: [UInt8], request: HTTPSignatureMessage.Request, now: Int64,
                             nonce: String? = nil, profile: SignatureProfile = .response) throws -> SignatureHeaders {
        try signResponse(status: status, contentDigest: ContentDigest.header(for: body, hash: sha256), request: request,
                         now: now, nonce: nonce, profile: profile)
    }

    /// Signs a response whose body's `Content-Digest` header value was
    /// computed before (a server that keeps the bytes and digest of an
    /// immutable body): the signature is made afresh, only the hash of the
    /// body is not. `digest` must be `ContentDigest.header(for:hash:)` of the
    /// body sent.
    package func signResponse(status: Int, contentDigest digest: String, request: HTTPSignatureMessage.Request, now: Int64,
                             nonce: String? = nil, profile: SignatureProfile = .response) throws -> SignatureHeaders {
        var headers = HTTPHeaders()
        headers.add(name: ContentDigest.headerName, value: digest)
        let message = HTTPSignatureMessage.response(status: status, headers: headers, request: request)
        return try signed(message, digest: digest, now: now, nonce: nonce, profile: profile)
    }

    /// The `Signature-Input` inner list: components, then `created`,
    /// `expires`, `nonce` (if any), `keyid`, `alg`, in that order.
    package func signatureParams(profile: SignatureProfile, now: Int64, nonce: String?) -> StructuredField.InnerList {
        var params: [(key: String, value: StructuredField.BareItem)] = [
            ("created", .integer(now)),
            ("expires", .integer(now + profile.validitySeconds)),
        ]
        if let nonce { params.append(("nonce", .string(nonce))) }
        params.append(("keyid", .string(keyID)))
        params.append(("alg", .string(profile.algorithm)))
        return StructuredField.InnerList(profile.components, StructuredField.Parameters(params))
    }

    private func signed(_ message: HTTPSignatureMessage, digest: String, now: Int64, nonce: String?,
                        profile: SignatureProfile) throws -> SignatureHeaders {
        let params = signatureParams(profile: profile, now: now, nonce: nonce)
        let base = try SignatureBase.build(signatureParams: params, message: message)
        let signature = try sign(Array(base.utf8))
        return SignatureHeaders(
            contentDigest: digest,
            signatureInput: profile.label + "=" + params.serialized(),
            signature: profile.label + "=" + StructuredField.BareItem.byteSequence(signature).serialized(),
            signatureBase: base)
    }
}
