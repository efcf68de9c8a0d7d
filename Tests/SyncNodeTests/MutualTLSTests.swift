import Foundation
import SyncNode
import XCTest

/// `serve --client-ca`: a peer without a client certificate from that CA is
/// refused in the TLS handshake; one whose home holds client-cert.pem and
/// client-key.pem gets through and syncs.
final class MutualTLSTests: FederationTestCase {
    func testPeerNeedsAClientCertificateFromTheRequiredCA() throws {
        let birmingham = try makeNode("birmingham")
        let singapore = try makeNode("singapore")
        try singapore.serve(certificate: certs.server, clientCAPEM: certs.ca.caCertificatePEM)
        try singapore.trust(birmingham, url: "https://127.0.0.1:1", caFile: certs.caFile)
        try birmingham.trust(singapore, caFile: certs.caFile)
        var options = SyncOptions()
        options.attempts = 1
        options.push = false

        let before = try birmingham.revisionIDs()
        let refused = try birmingham.runner().run(options, kind: "test")
        XCTAssertEqual(refused.map(\.status), ["failed"], "no client certificate: refused")
        XCTAssertEqual(try birmingham.revisionIDs(), before, "nothing pulled")

        // A certificate from another CA is refused as well.
        let rogue = try certs.rogueCA.clientCertificate(commonName: "birmingham")
        try FileManager.default.copyItem(atPath: rogue.certificatePath, toPath: birmingham.home.clientCertificatePath)
        try FileManager.default.copyItem(atPath: rogue.keyPath, toPath: birmingham.home.clientKeyPath)
        XCTAssertEqual(try birmingham.runner().run(options, kind: "test").map(\.status), ["failed"])

        let good = try certs.ca.clientCertificate(commonName: "birmingham")
        try FileManager.default.removeItem(atPath: birmingham.home.clientCertificatePath)
        try FileManager.default.removeItem(atPath: birmingham.home.clientKeyPath)
        try FileManager.default.copyItem(atPath: good.certificatePath, toPath: birmingham.home.clientCertificatePath)
        try FileManager.default.copyItem(atPath: good.keyPath, toPath: birmingham.home.clientKeyPath)
        let accepted = try birmingham.runner().run(options, kind: "test")
        XCTAssertEqual(accepted.map(\.status), ["ok"], "\(accepted.map { $0.error ?? "" })")
        XCTAssertEqual(accepted.first?.pull?.applied, try singapore.ownRevisions().count)
    }
}
