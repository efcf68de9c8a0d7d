import Foundation
import TestSupport
import XCTest

/// A peer's URL as an operator types it: plain `http://` is refused unless
/// asked for on loopback (tests), and a certificate for another host name is
/// reported as exactly that, not as a key problem.
final class OperationsPeerURLTests: OperationsTestCase {
    func testPlainHTTPIsRefusedExceptOnLoopbackWhenAskedFor() throws {
        let birmingham = try makeNode("birmingham")
        let singapore = try makeNode("singapore", importing: Self.citiesPath + "/singapore")

        let remote = try atHome(["peer", "add", "singapore", "--url", "http://sync.singapore.example:8443",
                                 "--public-key", singapore.publicKey], home: birmingham.home)
        XCTAssertEqual(remote.status, 65, "\(remote)")
        XCTAssertTrue(remote.stderr.contains("is plain http://, which would send content and signatures in clear: use the peer's https:// URL"), remote.stderr)
        let remoteAsked = try atHome(["peer", "add", "singapore", "--url", "http://sync.singapore.example:8443", "--plain-http",
                                      "--public-key", singapore.publicKey], home: birmingham.home)
        XCTAssertEqual(remoteAsked.status, 65, "the escape hatch is loopback only: \(remoteAsked)")

        let server = try start(["serve", "--home", singapore.home, "--listen", "127.0.0.1:0", "--plain-http"], stderr: "plain.log")
        let first = try XCTUnwrap(server.firstLine(within: 20), server.stderr)
        let url = String(try XCTUnwrap(first.dropFirst("listening on ".count).split(separator: " ").first))
        XCTAssertTrue(url.hasPrefix("http://127.0.0.1:"), first)
        let loopback = try atHome(["peer", "add", "singapore", "--url", url, "--public-key", singapore.publicKey],
                                  home: birmingham.home)
        XCTAssertEqual(loopback.status, 65, "\(loopback)")
        XCTAssertTrue(loopback.stderr.contains("add --plain-http"), loopback.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: birmingham.home + "/peers/singapore.json"), "nothing written")

        try succeed(["peer", "add", "singapore", "--url", url, "--public-key", singapore.publicKey, "--plain-http"],
                    home: birmingham.home)
        try trust(birmingham, at: "https://127.0.0.1:1", in: singapore)
        let pulled = try jsonObject(["pull"], home: birmingham.home)
        XCTAssertEqual(pulled["ok"] as? Bool, true, "\(pulled)")
        XCTAssertEqual(try documents(birmingham), try documents(singapore))
    }

    func testHostNameMismatchIsReportedAsSuch() throws {
        let birmingham = try makeNode("birmingham")
        let singapore = try makeNode("singapore")
        let elsewhere = try ca().serverCertificate(hosts: ["sync.singapore.example"])
        let (_, url) = try serve(singapore, certificate: elsewhere)
        try trust(singapore, at: url, in: birmingham)

        let (run, report) = try self.report(["pull", "--attempts", "1"], in: birmingham)
        XCTAssertEqual(run.status, 69, "\(run)")
        let error = Self.peerReports(report)["singapore"]?["error"] as? String ?? ""
        XCTAssertTrue(error.contains("host name mismatch"), error)
        XCTAssertTrue(error.contains("made for another host name"), error)
        XCTAssertFalse(error.contains("public key"), "not a key problem: \(error)")
    }
}
