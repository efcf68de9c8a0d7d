/// The three header fields a signed message carries.
public struct SignatureHeaders: Sendable, Hashable {
    public var contentDigest: String
    public var signatureInput: String
    public var signature: String
    /// The signature base that was signed (for logs and tests).
    public var signatureBase: String

    /// Sets (replacing) `Content-Digest`, `Signature-Input` and `Signature`.
    public func apply(to headers: inout HTTPHeaders) {
        headers.replaceOrAdd(name: ContentDigest.headerName, value: contentDigest)
        headers.replaceOrAdd(name: "Signature-Input", value: signatureInput)
        headers.replaceOrAdd(name: "Signature", value: signature)
    }

    public var fields: [HTTPHeaders.Field] {
        [.init(name: ContentDigest.headerName, value: contentDigest),
         .init(name: "Signature-Input", value: signatureInput),
         .init(name: "Signature", value: signature)]
    }
}
