import Foundation
import SyncCore
import SyncCrypto
import SyncNode
import SyncProtocol
import SyncStore
import XCTest

/// Change-sets of 64 revisions or more verify their signatures on another
/// thread while they are applied in the open transaction: a bad revision
/// anywhere must still leave the receiving store exactly as it was.
final class LargeChangeSetTests: FederationTestCase {
    private func authored(_ node: TestNode, count: Int) throws -> [SignedRevision] {
        var records: [(record: DocumentRecord, file: String, line: Int)] = []
        for i in 0..<count {
            let content = Content(["title": .text("Bulk article \(i)"), "summary": .text("Number \(i) of a large change-set."),
                                   "city": .text(node.name)])
            records.append((DocumentRecord(id: nil, kind: .article, content: content), "generated", i + 1))
        }
        _ = try node.local.importRecords(records, files: 1)
        return try node.ownRevisions()
    }

    private func push(_ revisions: [SignedRevision], from: TestNode, to: TestNode) throws -> ClientResponseSummary {
        let body = ChangeSetPush(origin: from.name, revisions: revisions, sha256: { SHA256.hash($0) }).encoded()
        let response = try requester(from: from, to: to).send("POST", "/v1/changesets", body: body)
        return ClientResponseSummary(status: response.status, text: response.bodyText)
    }

    func testForgeryAtTheEndOfALargeChangeSetRollsBackEverything() throws {
        let nodes = try makeFederation(["birmingham", "singapore"], importing: false)
        let (birmingham, singapore) = (nodes[0], nodes[1])
        let revisions = try authored(birmingham, count: 120)
        XCTAssertGreaterThanOrEqual(revisions.count, 64, "large enough for the parallel path")
        let before = try singapore.digest()

        let forgedLast = Array(revisions.dropLast()) + [Forgery.altered(revisions.last!)]
        let refused = try push(forgedLast, from: birmingham, to: singapore)
        XCTAssertEqual(refused.status, 422, refused.text)
        XCTAssertTrue(refused.text.contains(revisions.last!.revision.revisionID), refused.text)
        XCTAssertEqual(try singapore.digest(), before, "none of the 119 good revisions was kept")

        // A correctly signed revision whose content breaks the schema, in the middle.
        var bad = revisions[60].revision
        bad.content["published_date"] = .text("2021-02-30")
        let badSigned = SignedRevision(revision: bad, signature: try birmingham.key.sign(CanonicalEncoding.signingBytes(of: bad)))
        var withBad = revisions
        withBad[60] = badSigned
        // That is a disagreement, not tampering: it is recorded as rejected
        // and the 119 others are applied (on the parallel path too).
        let schema = try push(withBad, from: birmingham, to: singapore)
        XCTAssertEqual(schema.status, 200, schema.text)
        let result = try PushResult.decode(Array(schema.text.utf8))
        XCTAssertEqual(result.rejected.map(\.revision), [bad.revisionID])
        XCTAssertEqual(result.rejected.map(\.code), ["invalid_content"])
        XCTAssertTrue(result.rejected[0].reason.contains("published_date"), schema.text)
        XCTAssertEqual(result.applied.count, revisions.count - 1)
        XCTAssertEqual(try singapore.store.rejectedRevisions(limit: 10).map(\.revisionID), [bad.revisionID])
        XCTAssertFalse(try singapore.revisionIDs().contains(bad.revisionID))

        // The genuine revision still goes through, and its rejection record is dropped.
        let accepted = try push(revisions, from: birmingham, to: singapore)
        XCTAssertEqual(accepted.status, 200, accepted.text)
        XCTAssertEqual(Set(try singapore.revisionIDs()).intersection(revisions.map(\.revision.revisionID)).count, revisions.count)
    }
}

/// Status and body text of a response, for assertions.
struct ClientResponseSummary {
    var status: Int
    var text: String
}
