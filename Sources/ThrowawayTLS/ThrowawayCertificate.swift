import FoundationEssentials

/// One certificate and its private key, issued by a `ThrowawayCA`: file paths
/// (for libcurl and `openssl`) and PEM text (for the server, which takes PEM).
package struct ThrowawayCertificate: Sendable {
    package let commonName: String
    /// The certificate, PEM file.
    package let certificatePath: String
    /// The unencrypted private key, PEM file.
    package let keyPath: String
    package let certificatePEM: String
    package let keyPEM: String
    /// Keeps the CA's directory alive while this certificate is in use.
    private let home: CADirectory

    init(commonName: String, certificatePath: String, keyPath: String, home: CADirectory) throws {
        self.commonName = commonName
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.certificatePEM = try String(contentsOfFile: certificatePath, encoding: .utf8)
        self.keyPEM = try String(contentsOfFile: keyPath, encoding: .utf8)
        self.home = home
    }

    /// The libcurl public-key pin of this certificate: `sha256//` + base64 of
    /// the SHA-256 of its DER SubjectPublicKeyInfo.
    package func publicKeyPin() throws -> String {
        let base = home.path + "/pin-\(UUID().uuidString)"
        defer {
            for f in [base + ".pub", base + ".der", base + ".sha"] { try? FileManager.default.removeItem(atPath: f) }
        }
        try ThrowawayCA.openssl(["x509", "-in", certificatePath, "-noout", "-pubkey", "-out", base + ".pub"])
        try ThrowawayCA.openssl(["pkey", "-pubin", "-in", base + ".pub", "-outform", "DER", "-out", base + ".der"])
        try ThrowawayCA.openssl(["dgst", "-sha256", "-binary", "-out", base + ".sha", base + ".der"])
        let digest = try Data(contentsOf: URL(fileURLWithPath: base + ".sha"))
        guard digest.count == 32 else {
            throw ThrowawayCAError(message: "openssl dgst produced \(digest.count) bytes for the pin of \(certificatePath), expected 32")
        }
        return "sha256//" + digest.base64EncodedString()
    }
}
