import XCTest
@testable import SyncCore

final class ResolutionTests: XCTestCase {
    /// a and b edit the title (and different other fields) concurrently.
    private func conflicted() -> (a: TestNode, b: TestNode, ra: Revision, rb: Revision) {
        var a = TestNode("a"), b = TestNode("b")
        let base = a.write("doc-1", Fx.article(title: "T0", summary: "S0", tags: ["x"]), now: 1_000)
        b.receive(base, now: 1_000)
        let ra = a.write("doc-1", Fx.article(title: "TA", summary: "S0", tags: ["x", "a"]), now: 2_000)
        let rb = b.write("doc-1", Fx.article(title: "TB", summary: "SB", tags: ["x"]), now: 2_500)
        a.receive(rb, now: 3_000)
        b.receive(ra, now: 3_000)
        return (a, b, ra, rb)
    }

    func testDraftsForEachChoice() throws {
        let (a, _, ra, rb) = conflicted()
        let view = a.view("doc-1", now: 3_000)!
        XCTAssertEqual(view.conflicts.map(\.field), ["title"])
        XCTAssertEqual(view.content, Fx.article(title: "T0", summary: "SB", tags: ["a", "x"]))
        let context = VersionVector(["a": 2, "b": 1])

        XCTAssertEqual(try Resolution.keep(ra.dot).draft(for: view),
                       ResolutionDraft(content: ra.content, tombstone: false, context: context))
        XCTAssertEqual(try Resolution.fields(["title": rb.dot]).draft(for: view),
                       ResolutionDraft(content: Fx.article(title: "TB", summary: "SB", tags: ["a", "x"]),
                                       tombstone: false, context: context))
        let explicit = Fx.article(title: "Mine")
        XCTAssertEqual(try Resolution.content(explicit).draft(for: view),
                       ResolutionDraft(content: explicit, tombstone: false, context: context))
        XCTAssertEqual(try Resolution.delete.draft(for: view),
                       ResolutionDraft(content: Content(), tombstone: true, context: context))
    }

    func testUnknownRevisionIsAnErrorThatListsTheChoices() {
        let (a, _, _, _) = conflicted()
        let view = a.view("doc-1", now: 3_000)!
        XCTAssertThrowsError(try Resolution.keep(Dot(actor: "zz", counter: 1)).draft(for: view)) { error in
            XCTAssertEqual(error as? ResolutionError,
                           ResolutionError(documentID: "doc-1", revisionID: "zz:1", field: nil, siblingIDs: ["a:2", "b:1"]))
            XCTAssertTrue(String(describing: error).contains("choose one of a:2, b:1"))
        }
    }

    /// Both nodes resolve the same conflict at once with the same choice:
    /// two new revisions, but identical content, so one version and no new
    /// conflict; the next edit anywhere supersedes both.
    func testTwoNodesResolvingTheSameConflictAtOnceAgree() throws {
        for choice in [Resolution.fields(["title": Dot(actor: "b", counter: 1)]), .keep(Dot(actor: "a", counter: 2)),
                       .content(Fx.article(title: "agreed"))] {
            var (a, b, _, _) = conflicted()
            let da = try choice.draft(for: a.view("doc-1", now: 4_000)!)
            let db = try choice.draft(for: b.view("doc-1", now: 4_000)!)
            XCTAssertEqual(da, db)
            XCTAssertEqual(da.context, a.state("doc-1").clock)
            let fa = a.write("doc-1", da.content, tombstone: da.tombstone, now: 4_000, context: da.context)
            let fb = b.write("doc-1", db.content, tombstone: db.tombstone, now: 4_100, context: db.context)
            a.receive(fb, now: 5_000)
            b.receive(fa, now: 5_000)

            let va = a.view("doc-1", now: 5_000)!, vb = b.view("doc-1", now: 5_000)!
            XCTAssertEqual(va, vb)
            XCTAssertEqual(va.siblings, [fa, fb])
            XCTAssertEqual(va.distinctVersionCount, 1)
            XCTAssertEqual(va.conflicts, [])
            XCTAssertFalse(va.needsResolution)
            XCTAssertEqual(va.content, da.content)
            XCTAssertNil(ConflictReport(view: va))

            let next = a.write("doc-1", Fx.article(title: "next"), now: 6_000)
            b.receive(next, now: 6_000)
            XCTAssertEqual(b.state("doc-1").siblings, [next])
        }
    }
}
