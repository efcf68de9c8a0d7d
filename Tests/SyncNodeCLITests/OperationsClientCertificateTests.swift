import Foundation
import TestSupport
import XCTest

/// Mutual TLS past two cities: each peer file may name the client
/// certificate presented to that peer (the home-wide one is the default),
/// and a peer that refuses our certificate is reported as that.
final class OperationsClientCertificateTests: OperationsTestCase {
    func testPerPeerClientCertificateAndARefusalSaysSo() throws {
        let birmingham = try makeNode("birmingham")
        let singapore = try makeNode("singapore", importing: Self.citiesPath + "/singapore")
        let (_, url) = try serve(singapore, ["--client-ca", try ca().caCertificatePath])
        try trust(birmingham, at: "https://127.0.0.1:1", in: singapore)
        try trust(singapore, at: url, in: birmingham)

        // No client certificate: the peer refuses the connection.
        let (refused, report) = try self.report(["pull", "--attempts", "1"], in: birmingham)
        XCTAssertEqual(refused.status, 69, "\(refused)")
        let error = Self.peerReports(report)["singapore"]?["error"] as? String ?? ""
        XCTAssertTrue(error.contains("refused this node's TLS client certificate"), error)
        XCTAssertTrue(error.contains("presented none"), error)
        XCTAssertTrue(error.contains("--client-cert FILE --client-key FILE"), "says what to do: \(error)")

        // A certificate of singapore's CA, for this peer only.
        let certificate = try ca().clientCertificate(commonName: "birmingham")
        try succeed(["peer", "add", "singapore", "--replace", "--url", url, "--public-key", singapore.publicKey,
                     "--ca", try ca().caCertificatePath, "--client-cert", certificate.certificatePath,
                     "--client-key", certificate.keyPath], home: birmingham.home)
        let peer = try jsonObject(["peer", "show", "singapore"], home: birmingham.home)
        XCTAssertEqual(peer["client_certificate"] as? String, certificate.certificatePath)
        XCTAssertEqual(peer["client_key"] as? String, certificate.keyPath)
        let pulled = try jsonObject(["pull"], home: birmingham.home)
        XCTAssertEqual(pulled["ok"] as? Bool, true, "\(pulled)")
        XCTAssertEqual(try documents(birmingham), 6)

        // Half a pair is a usage error; nothing is written.
        let half = try atHome(["peer", "add", "leeds", "--url", "https://127.0.0.1:1", "--public-key", singapore.publicKey,
                               "--client-cert", certificate.certificatePath], home: birmingham.home)
        XCTAssertEqual(half.status, 64, "\(half)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: birmingham.home + "/peers/leeds.json"))
    }
}
