import XCTest
@testable import SyncCore

/// Two nodes resolve (or merge) the same concurrent edits at once, then their
/// resolutions meet: each resolution descends from both edits (a criss-cross),
/// so the base is virtual and must not favour either side.
final class CrissCrossMergeTests: XCTestCase {
    private let base = Fx.rev("alpha:1", millis: 1_000,
                              Fx.article(title: "T", summary: "S", category: "C", tags: ["q", "r"]))
    /// The base with only the title changed: alpha's and beta's edits in most tests.
    private let a = Fx.article(title: "A", summary: "S", category: "C", tags: ["q", "r"])
    private let b = Fx.article(title: "B", summary: "S", category: "C", tags: ["q", "r"])

    /// alpha:2 and beta:1 edit `base` concurrently; alpha:3 and beta:2 each
    /// have seen both. Returns the view of the two resolutions, checked for
    /// every input order.
    private func resolve(alpha edit: Content, beta other: Content, alphaResolves left: Content,
                         betaResolves right: Content, file: StaticString = #filePath, line: UInt = #line)
        -> (view: MergedView, edits: [Revision], resolutions: [Revision]) {
        let x = Fx.rev("alpha:2", context: ["alpha": 1], millis: 2_000, edit)
        let y = Fx.rev("beta:1", context: ["alpha": 1], millis: 2_100, other)
        let both: [String: UInt64] = ["alpha": 2, "beta": 1]
        let rx = Fx.rev("alpha:3", context: both, millis: 3_000, left)
        let ry = Fx.rev("beta:2", context: both, millis: 3_100, right)
        let v = permutedView([rx, ry], history: [base, x, y, rx, ry], file: file, line: line)
        XCTAssertEqual(v.mergeBase?.ancestors, [x, y], file: file, line: line)
        XCTAssertNil(v.base, "a virtual base is no single revision", file: file, line: line)
        return (v, [x, y], [rx, ry])
    }

    func testDifferentResolutionsOfOneConflictAreANewConflict() throws {
        // Each side keeps its own title, and each side takes the other's: both are new conflicts.
        for (left, right) in [(a, b), (b, a)] {
            let (v, _, rs) = resolve(alpha: a, beta: b, alphaResolves: left, betaResolves: right)
            XCTAssertEqual(v.mergeBase?.undecided, ["title"])
            XCTAssertTrue(v.needsResolution)
            XCTAssertEqual(v.conflicts, [FieldConflict(field: "title", base: .text("T"), values: [
                SiblingValue(dot: rs[0].dot, value: left["title"]),
                SiblingValue(dot: rs[1].dot, value: right["title"]),
            ])])
            XCTAssertEqual(v.content, base.content, "the conflicted title shows the original base value")
            let report = try XCTUnwrap(ConflictReport(view: v))
            XCTAssertEqual(report.baseID, "alpha:2+beta:1")
            XCTAssertTrue(report.needsResolution)
            XCTAssertEqual(report.fields.map(\.field), ["title"])
            XCTAssertTrue(report.description.contains("  base: alpha:2+beta:1\n"))
        }
    }

    func testGoingBackToTheOriginalValueStillCountsAsAChoice() {
        let (v, _, _) = resolve(alpha: a, beta: b, alphaResolves: base.content, betaResolves: b)
        XCTAssertEqual(v.conflicts.map(\.field), ["title"], "beta's B must not win over alpha's choice of T")
    }

    func testTheSameResolutionOnBothNodesIsNoConflict() {
        let (v, _, _) = resolve(alpha: a, beta: b, alphaResolves: b, betaResolves: b)
        XCTAssertFalse(v.needsResolution)
        XCTAssertEqual(v.content, b)
        XCTAssertEqual(v.distinctVersionCount, 1)
        XCTAssertNil(ConflictReport(view: v))
    }

    func testResolutionsAgreeingOnOneFieldAndDifferingOnAnother() {
        let (v, _, _) = resolve(alpha: Fx.article(title: "A", summary: "SA", category: "C", tags: ["q", "r"]),
                                beta: Fx.article(title: "B", summary: "SB", category: "C", tags: ["q", "r"]),
                                alphaResolves: Fx.article(title: "A", summary: "SB", category: "C", tags: ["q", "r"]),
                                betaResolves: Fx.article(title: "B", summary: "SB", category: "C", tags: ["q", "r"]))
        XCTAssertEqual(v.mergeBase?.undecided, ["summary", "title"])
        XCTAssertEqual(v.conflicts.map(\.field), ["title"])
        XCTAssertEqual(v.content, Fx.article(title: "T", summary: "SB", category: "C", tags: ["q", "r"]))
    }

    func testCleanCrissCrossWhereEachSideTouchedOtherFields() {
        // alpha:2 changed the title, beta:1 the summary: they merge cleanly to
        // (A, SB). Then alpha changes the category and beta the summary again.
        let (v, _, _) = resolve(alpha: a, beta: Fx.article(title: "T", summary: "SB", category: "C", tags: ["q", "r"]),
                                alphaResolves: Fx.article(title: "A", summary: "SB", category: "CA", tags: ["q", "r"]),
                                betaResolves: Fx.article(title: "A", summary: "SB2", category: "C", tags: ["q", "r"]))
        XCTAssertEqual(v.mergeBase?.content, Fx.article(title: "A", summary: "SB", category: "C", tags: ["q", "r"]))
        XCTAssertEqual(v.mergeBase?.undecided, [])
        XCTAssertEqual(v.conflicts, [])
        XCTAssertEqual(v.content, Fx.article(title: "A", summary: "SB2", category: "CA", tags: ["q", "r"]))
    }

    func testTagsMergeAgainstTheAncestorsMergedTags() {
        // alpha:2 adds p, beta:1 removes q: the virtual base has tags {p, r}.
        // Then alpha removes r, and beta puts q back (an addition against the virtual base).
        let (v, _, _) = resolve(alpha: Fx.article(title: "T", tags: ["p", "q", "r"]), beta: Fx.article(title: "T", tags: ["r"]),
                                alphaResolves: Fx.article(title: "T", tags: ["p"]),
                                betaResolves: Fx.article(title: "T", tags: ["p", "q", "r"]))
        XCTAssertEqual(v.mergeBase?.content?.list("tags"), ["p", "r"])
        XCTAssertEqual(v.content.list("tags"), ["p", "q"], "r removed by alpha, q re-added by beta")
        XCTAssertEqual(v.conflicts, [])
    }

    func testLongTextLeftInConflictIsNotMergedByParagraph() {
        // Both edits changed the first paragraph: conflict. alpha then keeps
        // the original paragraph and beta its own; beta's must not win silently.
        let body = "one\n\ntwo"
        let b0 = Fx.rev("alpha:1", Fx.article(title: "T", body: body))
        let x = Fx.rev("alpha:2", context: ["alpha": 1], Fx.article(title: "T", body: "ONE-a\n\ntwo"))
        let y = Fx.rev("beta:1", context: ["alpha": 1], Fx.article(title: "T", body: "ONE-b\n\ntwo"))
        let both: [String: UInt64] = ["alpha": 2, "beta": 1]
        let rx = Fx.rev("alpha:3", context: both, Fx.article(title: "T", body: body))
        let ry = Fx.rev("beta:2", context: both, Fx.article(title: "T", body: "ONE-b\n\ntwo"))
        let v = permutedView([rx, ry], history: [b0, x, y, rx, ry])
        XCTAssertEqual(v.mergeBase?.undecided, ["body"])
        XCTAssertEqual(v.conflicts.map(\.field), ["body"])
    }
}
