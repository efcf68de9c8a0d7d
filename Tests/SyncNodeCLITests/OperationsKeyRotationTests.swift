import Foundation
import TestSupport
import XCTest

/// Key rotation with no hand-edited JSON: `rotate-key` signs the new key with
/// the old one, `/v1/node` publishes that, and a peer adopts the new key on
/// its next contact while old revisions keep verifying. `peer add --replace`
/// keeps old keys; a changed peer file ends the back-off.
final class OperationsKeyRotationTests: OperationsTestCase {
    func testPeerAdoptsRotatedKeyOnNextContact() throws {
        let birmingham = try makeNode("birmingham", importing: Self.citiesPath + "/birmingham")
        let singapore = try makeNode("singapore", importing: Self.citiesPath + "/singapore")
        let leeds = try makeNode("leeds")
        let oldKey = birmingham.publicKey

        // birmingham's revisions so far are signed with the old key.
        let rotated = try jsonObject(["rotate-key"], home: birmingham.home)
        let newKey = try XCTUnwrap(rotated["public_key"] as? String)
        XCTAssertNotEqual(newKey, oldKey)
        let record = try tmp.write("after-rotation.json", #"{"kind": "article", "title": "Signed with the new key"}"#)
        try succeed(["article", "add", "--file", record], home: birmingham.home)
        let birminghamDocuments = try documents(birmingham)

        let (_, birminghamURL) = try serve(birmingham)
        let (_, singaporeURL) = try serve(singapore)
        // singapore and leeds still trust the old key, as before the rotation.
        try trust(birmingham, at: birminghamURL, in: singapore)
        try trust(birmingham, at: birminghamURL, in: leeds)
        try trust(singapore, at: singaporeURL, in: birmingham)
        try trust(leeds, at: "https://127.0.0.1:1", in: birmingham)

        // singapore's next contact adopts the new key: no file edited by hand.
        let (run, report) = try self.report(["sync"], in: singapore)
        XCTAssertEqual(run.status, 0, "\(run)")
        XCTAssertEqual(report["ok"] as? Bool, true, "\(report)")
        let pull = try XCTUnwrap(Self.peerReports(report)["birmingham"]?["pull"] as? [String: Any], "\(report)")
        XCTAssertEqual(Self.int(pull["applied"]), birminghamDocuments, "old-key and new-key revisions both verify")
        let birminghamReport = try XCTUnwrap(Self.peerReports(report)["birmingham"])
        let rotatedID = try XCTUnwrap(rotated["key_id"] as? String)
        XCTAssertEqual(birminghamReport["key_adopted"] as? String, rotatedID)
        XCTAssertTrue(run.stderr.contains("note: birmingham rotated its key: now trusting \(rotatedID)"), run.stderr)
        let adopted = try jsonObject(["peer", "show", "birmingham"], home: singapore.home)
        XCTAssertEqual(adopted["public_key"] as? String, newKey)
        XCTAssertEqual(adopted["previous_keys"] as? [String], [oldKey])

        // singapore's server reloaded the file: birmingham's requests, signed
        // with the new key, are accepted.
        let back = try jsonObject(["sync", "singapore"], home: birmingham.home)
        XCTAssertEqual(back["ok"] as? Bool, true, "\(back)")

        // The manual way keeps the old key too, so old revisions still verify.
        try succeed(["peer", "add", "birmingham", "--replace", "--url", birminghamURL, "--public-key", newKey,
                     "--ca", try ca().caCertificatePath], home: leeds.home)
        let replaced = try jsonObject(["peer", "show", "birmingham"], home: leeds.home)
        XCTAssertEqual(replaced["previous_keys"] as? [String], [oldKey])
        let (leedsRun, leedsReport) = try self.report(["pull"], in: leeds)
        XCTAssertEqual(leedsRun.status, 0, "\(leedsRun)")
        XCTAssertEqual(leedsReport["ok"] as? Bool, true, "\(leedsReport)")
        let leedsPull = try XCTUnwrap(Self.peerReports(leedsReport)["birmingham"]?["pull"] as? [String: Any])
        XCTAssertEqual(Self.int(leedsPull["applied"]), birminghamDocuments, "old-key and new-key revisions verify")
    }

    func testUnsignedNewKeyIsRefusedNotAdopted() throws {
        let birmingham = try makeNode("birmingham", importing: Self.citiesPath + "/birmingham")
        let singapore = try makeNode("singapore")
        // A node that claims to be birmingham with another key and no history.
        let impostor = try makeNode("birmingham-impostor")
        try FileManager.default.removeItem(atPath: impostor.home)
        let fake = try makeNodeNamed("birmingham", at: impostor.home)
        let (_, url) = try serve(fake)
        try trust(birmingham, at: url, in: singapore)

        let (run, report) = try self.report(["pull"], in: singapore)
        XCTAssertEqual(run.status, 69, "\(run)")
        let error = Self.peerReports(report)["birmingham"]?["error"] as? String ?? ""
        XCTAssertTrue(error.contains("not signed by the key this node trusts"), error)
        XCTAssertFalse(run.stderr.contains("rotated its key"), run.stderr)
        let kept = try jsonObject(["peer", "show", "birmingham"], home: singapore.home)
        XCTAssertEqual(kept["public_key"] as? String, birmingham.publicKey)
    }

    func testChangingAPeerFileEndsItsBackoff() throws {
        let birmingham = try makeNode("birmingham")
        let singapore = try makeNode("singapore", importing: Self.citiesPath + "/singapore")
        let (_, url) = try serve(singapore)
        try trust(singapore, at: "https://127.0.0.1:1", in: birmingham)
        try trust(birmingham, at: "https://127.0.0.1:1", in: singapore)
        let (failed, _) = try self.report(["sync", "--attempts", "1", "--timeout", "2"], in: birmingham)
        XCTAssertEqual(failed.status, 69, "\(failed)")
        let (skipped, skippedReport) = try self.report(["sync", "--attempts", "1"], in: birmingham)
        XCTAssertEqual(Self.peerReports(skippedReport)["singapore"]?["status"] as? String, "skipped", "\(skipped)")

        // The operator fixes the URL: the next run tries at once.
        try succeed(["peer", "add", "singapore", "--replace", "--url", url, "--public-key", singapore.publicKey,
                     "--ca", try ca().caCertificatePath], home: birmingham.home)
        let (fixed, fixedReport) = try self.report(["sync"], in: birmingham)
        XCTAssertEqual(fixed.status, 0, "\(fixed)")
        XCTAssertEqual(Self.peerReports(fixedReport)["singapore"]?["status"] as? String, "ok", "\(fixedReport)")
        let peer = try jsonObject(["peer", "show", "singapore"], home: birmingham.home)
        XCTAssertNil(peer["previous_keys"], "the same key is not its own previous key: \(peer)")
    }

    /// `init --name NAME` at `home` (a second node may claim a taken name).
    private func makeNodeNamed(_ name: String, at home: String) throws -> Node {
        let created = try jsonObject(["init", "--name", name], home: home)
        return Node(name: name, home: home, publicKey: try XCTUnwrap(created["public_key"] as? String))
    }
}
