import TestSupport

/// Certificates for every federation test, made once per test process with
/// the `openssl` tool: the federation's CA and a server certificate for
/// 127.0.0.1 from it, an expired one from the same CA, and a server
/// certificate from an unrelated CA.
final class FederationCertificates: Sendable {
    let ca: TestCA
    let server: TestCertificate
    let expiredServer: TestCertificate
    let rogueCA: TestCA
    let rogueServer: TestCertificate

    private init() throws {
        ca = try TestCA(name: "federation-ca")
        server = try ca.serverCertificate()
        expiredServer = try ca.serverCertificate(validity: .expired)
        rogueCA = try TestCA(name: "rogue-ca")
        rogueServer = try rogueCA.serverCertificate()
    }

    private static let made = Result { try FederationCertificates() }

    static func shared() throws -> FederationCertificates { try made.get() }

    /// The CA file every peer file points to (`ca_file`).
    var caFile: String { ca.caCertificatePath }
}
