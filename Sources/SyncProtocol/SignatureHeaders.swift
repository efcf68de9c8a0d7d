/// The three header fields a signed message carries.
package struct SignatureHeaders: Sendable, Hashable {
    package var contentDigest: String
    package var signatureInput: String
    package var signature: String
    /// The signature base that was signed (for logs and tests).
    package var signatureBase: String

    /// Sets (replacing) `Content-Digest`, `Signature-Input` and `Signature`.
    package func apply(to headers: inout HTTPHeaders) {
        headers.replaceOrAdd(name: ContentDigest.headerName, value: contentDigest)
        headers.replaceOrAdd(name: "Signature-Input", value: signatureInput)
        headers.replaceOrAdd(name: "Signature", value: signature)
    }

    package var fields: [HTTPHeaders.Field] {
        [.init(name: ContentDigest.headerName, value: contentDigest),
         .init(name: "Signature-Input", value: signatureInput),
         .init(name: "Signature", value: signature)]
    }
}
