/// Verifies RFC 9421 signatures under a `SignatureProfile`: parses
/// `Signature-Input` and `Signature`, checks the parameters, the time
/// window (with the clock injected), the covered components and the
/// `Content-Digest` against the body, then rebuilds the signature base.
///
/// Pure: the Ed25519 check and the key lookup are the caller's (see
/// `verify(_:body:now:isValid:)`), and so is the replay check (`ReplayCache`).
package struct HTTPSignatureVerifier: Sendable {
    package var profile: SignatureProfile
    package var sha256: @Sendable ([UInt8]) -> [UInt8]

    package init(profile: SignatureProfile, sha256: @escaping @Sendable ([UInt8]) -> [UInt8]) {
        self.profile = profile
        self.sha256 = sha256
    }

    /// Everything but the Ed25519 check.
    /// - Parameters:
    ///   - message: the received message (`HTTPSignatureMessage.received(_:)` for a request).
    ///   - body: the received body bytes.
    ///   - now: Unix time in seconds.
    /// - Returns: the key id to look up, the base and the signature.
    /// - Throws: `SignatureError` saying exactly what is wrong.
    package func prepare(_ message: HTTPSignatureMessage, body: [UInt8], now: Int64) throws(SignatureError) -> VerifiedSignature {
        let inputs = try dictionary("Signature-Input", in: message.headers)
        let signatures = try dictionary("Signature", in: message.headers)

        let label: String
        if inputs[profile.label] != nil {
            label = profile.label
        } else if inputs.members.count == 1 {
            label = inputs.members[0].key
        } else {
            throw SignatureError(.missingSignature,
                "Signature-Input holds \(inputs.members.count) signatures (\(inputs.keys.joined(separator: ", "))) and none is labelled \(profile.label)")
        }
        guard case .innerList(let params)? = inputs[label] else {
            throw SignatureError(.malformedHeader, "Signature-Input member '\(label)' must be an inner list of components with parameters")
        }
        guard let sigMember = signatures[label] else {
            throw SignatureError(.missingSignature, "Signature has no member '\(label)' to match Signature-Input")
        }
        guard case .item(let sigItem) = sigMember, case .byteSequence(let signature) = sigItem.bareItem else {
            throw SignatureError(.malformedHeader, "Signature member '\(label)' must be a byte sequence, like \(label)=:<base64>:")
        }

        // Parameters.
        func integer(_ key: String) throws(SignatureError) -> Int64 {
            guard let v = params.parameters[key] else {
                throw SignatureError(.invalidParameter, "Signature-Input '\(label)' lacks the required parameter '\(key)'")
            }
            guard case .integer(let n) = v else {
                throw SignatureError(.invalidParameter, "Signature-Input parameter '\(key)' must be an integer (Unix seconds), got \(v.serialized())")
            }
            return n
        }
        func string(_ key: String, required: Bool) throws(SignatureError) -> String? {
            guard let v = params.parameters[key] else {
                if required { throw SignatureError(.invalidParameter, "Signature-Input '\(label)' lacks the required parameter '\(key)'") }
                return nil
            }
            guard case .string(let s) = v else {
                throw SignatureError(.invalidParameter, "Signature-Input parameter '\(key)' must be a string, got \(v.serialized())")
            }
            return s
        }
        let created = try integer("created")
        let expires = try integer("expires")
        let keyID = try string("keyid", required: true)!
        let alg = try string("alg", required: true)!
        let nonce = try string("nonce", required: profile.requiresNonce)
        guard alg == profile.algorithm else {
            throw SignatureError(.unsupportedAlgorithm, "alg is \"\(alg)\"; this protocol accepts only \"\(profile.algorithm)\"")
        }
        guard !keyID.isEmpty else {
            throw SignatureError(.invalidParameter, "keyid is empty; it must be the signing node's name")
        }
        if let nonce, nonce.isEmpty {
            throw SignatureError(.invalidParameter, "nonce is empty; send a fresh random value with each request")
        }

        // Components.
        for item in params.items {
            guard case .string = item.bareItem else {
                throw SignatureError(.malformedHeader, "Signature-Input components must be strings, got \(item.serialized())")
            }
        }
        let covered = Set(params.items)
        for required in profile.components where !covered.contains(required) {
            throw SignatureError(.missingComponent,
                "the signature does not cover \(required.serialized()); this protocol requires \(StructuredField.InnerList(profile.components).serialized())")
        }

        // Time window.
        guard expires > created else {
            throw SignatureError(.invalidParameter, "expires (\(expires)) must be after created (\(created))")
        }
        guard expires - created <= profile.maxValiditySeconds else {
            throw SignatureError(.validityTooLong,
                "the signature is valid for \(expires - created) s; at most \(profile.maxValiditySeconds) s are accepted")
        }
        guard created <= now + profile.maxClockSkewSeconds else {
            throw SignatureError(.notYetValid,
                "created (\(created)) is \(created - now) s in the future; check the signer's clock (at most \(profile.maxClockSkewSeconds) s of skew is tolerated)")
        }
        guard now < expires + profile.maxClockSkewSeconds else {
            throw SignatureError(.expired, "the signature expired at \(expires), \(now - expires) s ago; sign each request afresh")
        }

        // Body.
        if covered.contains(StructuredField.Item(.string("content-digest"))) {
            let digests = message.headers.values(for: ContentDigest.headerName)
            guard digests.count == 1 else {
                throw SignatureError(digests.isEmpty ? .missingHeader : .malformedHeader,
                    digests.isEmpty ? "Content-Digest is required" : "Content-Digest appears \(digests.count) times")
            }
            try ContentDigest.verify(digests[0], body: body, hash: sha256)
        }

        let base = try SignatureBase.build(signatureParams: params, message: message)
        return VerifiedSignature(label: label, keyID: keyID, created: created, expires: expires, nonce: nonce,
                                 signatureBase: Array(base.utf8), signature: signature)
    }

    /// `prepare`, then the Ed25519 check.
    /// - Parameter isValid: `(keyID, signatureBase, signature) -> Bool`; answer
    ///   false for an unknown key id as well as for a bad signature.
    /// - Throws: `SignatureError` (`.invalidSignature` when `isValid` says no).
    package func verify(_ message: HTTPSignatureMessage, body: [UInt8], now: Int64,
                       isValid: (String, [UInt8], [UInt8]) -> Bool) throws(SignatureError) -> VerifiedSignature {
        let prepared = try prepare(message, body: body, now: now)
        guard isValid(prepared.keyID, prepared.signatureBase, prepared.signature) else {
            throw SignatureError(.invalidSignature,
                "the signature by keyid \"\(prepared.keyID)\" does not verify (unknown key, wrong key, or the message was altered)")
        }
        return prepared
    }

    private func dictionary(_ name: String, in headers: HTTPHeaders) throws(SignatureError) -> StructuredField.Dictionary {
        let values = headers.values(for: name)
        guard !values.isEmpty else {
            throw SignatureError(.missingHeader, "\(name) is required: every request and response of this protocol is signed (RFC 9421)")
        }
        let joined = values.joined(separator: ", ")
        guard joined.utf8.count <= WireLimits.maxSignatureHeaderBytes else {
            throw SignatureError(.malformedHeader, "\(name) is longer than \(WireLimits.maxSignatureHeaderBytes) bytes")
        }
        do {
            return try StructuredFieldParser.parseDictionary(joined)
        } catch {
            throw SignatureError(.malformedHeader, "\(name) is not an RFC 8941 dictionary: \(error)")
        }
    }
}
