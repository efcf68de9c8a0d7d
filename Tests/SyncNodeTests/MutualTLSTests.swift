import Foundation
import HTTPClient
@testable import SyncNode
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

    /// However curl sees a peer end the TLS connection unanswered (nothing
    /// came back, or the request was still being sent or read: which one
    /// depends on timing), the report names the refused client certificate;
    /// other transport failures are not taken for it.
    func testAConnectionEndedUnansweredIsReportedAsARefusedClientCertificate() throws {
        let birmingham = try makeNode("birmingham")
        let singapore = try makeNode("singapore")
        try birmingham.trust(singapore, url: "https://127.0.0.1:1", caFile: certs.caFile)
        let client = try birmingham.client("singapore")
        let url = "https://127.0.0.1:1/v1/changes"
        for (curl, reason) in [(52, "Empty reply from server"), (55, "Send failure: Broken pipe"),
                               (56, "Recv failure: Connection reset by peer")] {
            let error = client.clientCertificateRefusal(HTTPClientError(.peerClosedEarly, url: url, reason: reason, curlCode: curl))
            let message = error?.message ?? ""
            XCTAssertTrue(message.contains("refused this node's TLS client certificate"), message)
            XCTAssertTrue(message.contains("presented none"), message)
            XCTAssertTrue(message.contains("curl error \(curl)"), message)
        }
        XCTAssertNil(client.clientCertificateRefusal(HTTPClientError(.timedOut, url: url, reason: "Operation timed out", curlCode: 28)))
        XCTAssertNil(client.clientCertificateRefusal(HTTPClientError(.peerClosedEarly, url: url, reason: "transfer closed", curlCode: 18)))
    }
}
