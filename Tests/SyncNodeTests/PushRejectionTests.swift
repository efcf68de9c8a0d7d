import Foundation
import SyncCore
import SyncCrypto
import SyncNode
import SyncProtocol
import SyncStore
import XCTest

/// Pushed change-sets that must be refused whole, leaving the receiving
/// store exactly as it was.
final class PushRejectionTests: FederationTestCase {
    private var birmingham: TestNode!
    private var singapore: TestNode!

    override func setUpWithError() throws {
        try super.setUpWithError()
        let nodes = try makeFederation(["birmingham", "singapore"])
        birmingham = nodes[0]
        singapore = nodes[1]
    }

    override func tearDown() {
        birmingham = nil
        singapore = nil
        super.tearDown()
    }

    private func pushBody(_ revisions: [SignedRevision], origin: String = "birmingham") -> [UInt8] {
        ChangeSetPush(origin: origin, revisions: revisions, sha256: { SHA256.hash($0) }).encoded()
    }

    func testTamperedRevisionIsRejectedNamingTheDocumentAndNothingIsApplied() throws {
        let revisions = try birmingham.ownRevisions()
        let victim = revisions[0]
        let before = try singapore.digest()
        let response = try requester(from: birmingham, to: singapore)
            .send("POST", "/v1/changesets", body: pushBody([Forgery.altered(victim)] + revisions.dropFirst()))
        assertError(response, status: 422, code: "rejected",
                    mentioning: [victim.revision.documentID, victim.revision.revisionID, "does not verify", "nothing applied"])
        XCTAssertEqual(try singapore.digest(), before)

        // Through PeerClient the same refusal is a `rejected` PeerError.
        let changeset = ChangeSetPush(origin: "birmingham", revisions: [Forgery.altered(victim)], sha256: { SHA256.hash($0) })
        let error = expectPeerError(.rejected) { try birmingham.client("singapore").push(changeset) }
        XCTAssertTrue(error?.message.contains("422") ?? false, "\(String(describing: error))")
        XCTAssertEqual(try singapore.digest(), before)
    }

    func testTamperedLastRevisionOfSeveralRejectsThemAll() throws {
        let revisions = try birmingham.ownRevisions()
        XCTAssertGreaterThanOrEqual(revisions.count, 3)
        let last = try XCTUnwrap(revisions.last)
        let before = try singapore.digest()
        let response = try requester(from: birmingham, to: singapore)
            .send("POST", "/v1/changesets", body: pushBody(revisions.dropLast() + [Forgery.altered(last)]))
        assertError(response, status: 422, code: "rejected", mentioning: [last.revision.documentID])
        XCTAssertEqual(try singapore.digest(), before, "the good revisions before it are not applied either")
        for r in revisions { XCTAssertFalse(try singapore.store.hasRevision(r.revision.dot)) }

        // The untampered change-set goes through (so it was only the alteration).
        let ok = try requester(from: birmingham, to: singapore).send("POST", "/v1/changesets", body: pushBody(revisions))
        XCTAssertEqual(ok.status, 200, ok.bodyText)
        XCTAssertEqual(try PushResult.decode(ok.body).applied.count, revisions.count)
    }

    func testRevisionByAnUnknownAuthorIsRejected() throws {
        let lisbonKey = try Ed25519PrivateKey.generate()
        let forged = try Forgery.article(author: "lisbon", key: lisbonKey, title: "Tram lines extended")
        let own = try birmingham.ownRevisions()
        let response = try requester(from: birmingham, to: singapore)
            .send("POST", "/v1/changesets", body: pushBody(own + [forged]))
        // Not tampering (nothing was altered): recorded, and the rest applied.
        XCTAssertEqual(response.status, 200, response.bodyText)
        let result = try PushResult.decode(response.body)
        XCTAssertEqual(result.applied.count, own.count)
        XCTAssertEqual(result.rejected.map(\.revision), [forged.revision.revisionID])
        XCTAssertEqual(result.rejected.map(\.code), ["unknown_author"])
        XCTAssertTrue(result.rejected[0].reason.contains("'lisbon' is not a trusted peer"), result.rejected[0].reason)
        XCTAssertFalse(try singapore.store.hasRevision(forged.revision.dot))
        let recorded = try singapore.store.rejectedRevisions(limit: 10)
        XCTAssertEqual(recorded.map(\.revisionID), [forged.revision.revisionID])
        XCTAssertEqual(recorded.map(\.peer), ["birmingham"])
    }

    func testRevisionClaimingATrustedAuthorButSignedByAnotherKeyIsRejected() throws {
        let impostor = try Ed25519PrivateKey.generate()
        let forged = try Forgery.article(author: "birmingham", key: impostor, counter: 99, title: "Council sells the canals")
        let before = try singapore.digest()
        let response = try requester(from: birmingham, to: singapore)
            .send("POST", "/v1/changesets", body: pushBody([forged]))
        assertError(response, status: 422, code: "rejected", mentioning: [forged.revision.documentID, "does not verify"])
        XCTAssertEqual(try singapore.digest(), before)
    }

    func testMalformedChangeSetsAreRefusedWith400() throws {
        let before = try singapore.digest()
        let r = try requester(from: birmingham, to: singapore)
        assertError(try r.send("POST", "/v1/changesets", body: Array(#"{"origin": "birmingham", "revisions": ["#.utf8)),
                    status: 400, code: "invalid_message")

        // A valid message whose changeset_id does not match its content.
        let revisions = try birmingham.ownRevisions()
        var changeset = ChangeSetPush(origin: "birmingham", revisions: revisions, sha256: { SHA256.hash($0) })
        let real = changeset.changesetID
        changeset.changesetID = String(repeating: "0", count: 64)
        assertError(try r.send("POST", "/v1/changesets", body: changeset.encoded()),
                    status: 400, code: "invalid_message", mentioning: ["changeset_id", real])

        // An id of another change-set (one revision fewer) is no better.
        changeset.changesetID = ChangeSetPush(origin: "birmingham", revisions: Array(revisions.dropLast()),
                                              sha256: { SHA256.hash($0) }).changesetID
        assertError(try r.send("POST", "/v1/changesets", body: changeset.encoded()),
                    status: 400, code: "invalid_message", mentioning: ["changeset_id"])

        // A push that says it comes from another node than the signer.
        let claimed = ChangeSetPush(origin: "singapore", revisions: revisions, sha256: { SHA256.hash($0) })
        assertError(try r.send("POST", "/v1/changesets", body: claimed.encoded()), status: 403, code: "forbidden")
        XCTAssertEqual(try singapore.digest(), before)
    }

    func testBodyOver16MiBIsRefusedWith413() throws {
        let before = try singapore.digest()
        let body = [UInt8](repeating: UInt8(ascii: " "), count: (16 << 20) + 1)
        let response = try requester(from: birmingham, to: singapore).send("POST", "/v1/changesets", body: body)
        XCTAssertEqual(response.status, 413, response.bodyText)
        XCTAssertEqual(try singapore.digest(), before)
    }
}
