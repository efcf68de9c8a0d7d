import TestSupport
import ThrowawayTLS

/// Certificates for every federation test, made once per test process with
/// the `openssl` tool: the federation's CA and a server certificate for
/// 127.0.0.1 from it, an expired one from the same CA, and a server
/// certificate from an unrelated CA.
final class FederationCertificates: Sendable {
    let ca: ThrowawayCA
    let server: ThrowawayCertificate
    let expiredServer: ThrowawayCertificate
    let rogueCA: ThrowawayCA
    let rogueServer: ThrowawayCertificate

    private init() throws {
        ca = try ThrowawayCA(name: "federation-ca")
        server = try ca.serverCertificate()
        expiredServer = try ca.serverCertificate(validity: .expired)
        rogueCA = try ThrowawayCA(name: "rogue-ca")
        rogueServer = try rogueCA.serverCertificate()
    }

    private static let made = Result { try FederationCertificates() }

    static func shared() throws -> FederationCertificates { try made.get() }

    /// The CA file every peer file points to (`ca_file`).
    var caFile: String { ca.caCertificatePath }
}
