/// The server's TLS identity and, optionally, the CA its clients must prove
/// they belong to.
package struct HTTPServerTLS: Sendable, Hashable {
    /// TLS 1.3 only, without the CCM suite and the finite-field DH groups.
    /// (Plain `NORMAL` still accepts TLS 1.2; `SECURE256` fails every
    /// handshake with a P-256 certificate: see notes/libmicrohttpd.md.)
    package static let priorities = "NORMAL:-VERS-ALL:+VERS-TLS1.3:-AES-128-CCM:-GROUP-DH-ALL"

    /// The server certificate chain, PEM (leaf first).
    package var certificatePEM: String
    /// The private key of the leaf certificate, PEM, unencrypted.
    package var privateKeyPEM: String
    /// PEM CA certificate(s). When set, every client must present a
    /// certificate issued by one of them during the handshake (no
    /// certificate or another CA: the handshake fails), and the verified
    /// subject reaches the responder in `HTTPRequest.clientCertificateSubject`.
    package var clientCAPEM: String?

    package init(certificatePEM: String, privateKeyPEM: String, clientCAPEM: String? = nil) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        self.clientCAPEM = clientCAPEM
    }

    /// Reads the PEM files now (not at `start()`), so a wrong path fails early.
    /// - Throws: `HTTPServerError` with code `.unreadableFile` naming the file.
    package init(certificateFile: String, privateKeyFile: String, clientCAFile: String? = nil) throws {
        self.certificatePEM = try TextFile.read(certificateFile, what: "TLS certificate")
        self.privateKeyPEM = try TextFile.read(privateKeyFile, what: "TLS private key")
        self.clientCAPEM = try clientCAFile.map { try TextFile.read($0, what: "client CA") }
    }
}
