import SyncCore
import XCTest

/// Only the node named in an id's prefix may create the document; anyone may edit it.
final class DocumentOwnershipTests: XCTestCase {
    private func revision(_ id: String, author: String, context: VersionVector) -> Revision {
        Revision(documentID: id, kind: .article, dot: Dot(actor: author, counter: 3), context: context,
                 author: author, timestamp: HybridTimestamp(millis: 1_000, logical: 0), tombstone: false,
                 content: Content(["title": .text("T")]))
    }

    func testTheOwnerIsThePartBeforeTheFirstDot() {
        XCTAssertEqual(DocumentOwnership.owner(of: "lisbon.0f3k"), "lisbon")
        XCTAssertEqual(DocumentOwnership.owner(of: "new-york.a.b"), "new-york")
        XCTAssertNil(DocumentOwnership.owner(of: "nodot"))
        XCTAssertNil(DocumentOwnership.owner(of: ".suffix"))
        XCTAssertTrue(DocumentOwnership.isOwned("lisbon.0f3k", by: "lisbon"))
        XCTAssertTrue(DocumentOwnership.isOwned("lisbon.0f3k", by: "lisbon~2"), "a later epoch is the same node")
        XCTAssertFalse(DocumentOwnership.isOwned("lisbon.0f3k", by: "reykjavik"))
        XCTAssertFalse(DocumentOwnership.isOwned("lisbonx.0f3k", by: "lisbon"))
        XCTAssertFalse(DocumentOwnership.isOwned("nodot", by: "nodot"))
    }

    func testACreatingRevisionMustBeAuthoredByTheOwner() throws {
        XCTAssertNoThrow(try DocumentOwnership.check(revision("lisbon.0f3k", author: "lisbon", context: VersionVector())))
        let foreign = revision("lisbon.0f3k", author: "reykjavik", context: VersionVector())
        XCTAssertTrue(DocumentOwnership.isCreating(foreign))
        XCTAssertThrowsError(try DocumentOwnership.check(foreign)) { error in
            XCTAssertEqual(error as? ValidationError, ValidationError(field: "id",
                reason: "lisbon.0f3k is owned by node 'lisbon', so only that node may create it, not 'reykjavik'"))
        }
        XCTAssertThrowsError(try DocumentOwnership.check(revision("x.1", author: "x-ray", context: VersionVector())))
    }

    func testAnyNodeMayEditADocumentItHasSeen() throws {
        let edit = revision("lisbon.0f3k", author: "reykjavik", context: VersionVector(["lisbon": 1]))
        XCTAssertFalse(DocumentOwnership.isCreating(edit))
        XCTAssertNoThrow(try DocumentOwnership.check(edit))
    }
}
