import XCTest
@testable import SyncCore

final class ConflictReportTests: XCTestCase {
    func testReportIsSortedAndIdenticalForAnyInputOrder() throws {
        let base = Fx.rev("a:1", Fx.article(title: "T0", summary: "S0", body: "P"))
        let s1 = Fx.rev("a:2", context: ["a": 1], millis: 3_000, Fx.article(title: "T1", summary: "S0", body: "P"))
        let s2 = Fx.rev("c:1", context: ["a": 1], millis: 2_000, Fx.article(title: "T2", summary: "S2", body: "P"))
        let del = Fx.rev("b:1", context: ["a": 1], millis: 9_000, tombstone: true)
        var reports = Set<String>()
        for order in Fx.permutations([s1, s2, del]) {
            let view = MergeRules.view(siblings: order, history: [del, s2, base, s1], now: 5_000)
            let report = try XCTUnwrap(ConflictReport(view: view))
            reports.insert(report.description)
            XCTAssertEqual(report.siblingIDs, ["a:2", "b:1", "c:1"])
            XCTAssertEqual(report.winnerID, "a:2")
            XCTAssertEqual(report.baseID, "a:1")
            XCTAssertTrue(report.deleteConflict)
            XCTAssertEqual(report.deletedBy, ["b:1"])
            XCTAssertEqual(report.skewedIDs, [])
            XCTAssertFalse(report.tooManySiblings)
            XCTAssertTrue(report.needsResolution)
            XCTAssertEqual(report.fields.map(\.field), ["summary", "title"])
            XCTAssertEqual(report.fields[1], FieldDifference(
                field: "title", base: .text("T0"), shown: .text("T0"),
                values: [SiblingValue(dot: Dot("a:2")!, value: .text("T1")),
                         SiblingValue(dot: Dot("b:1")!, value: nil, tombstone: true),
                         SiblingValue(dot: Dot("c:1")!, value: .text("T2"))],
                conflict: true, deleteVsEdit: true))
            XCTAssertEqual(report.fields[0].conflict, false)
            XCTAssertEqual(report.fields[0].shown, .text("S2"))
        }
        XCTAssertEqual(reports.count, 1)
        XCTAssertEqual(reports.first, """
            doc-1 (article): 3 siblings
              winner: a:2
              siblings: a:2, b:1, c:1
              base: a:1
              delete vs edit: deleted by b:1
              summary: base "S0", shown "S2"
                a:2: "S0"
                b:1: (deleted)
                c:1: "S2"
              title [CONFLICT]: base "T0", shown "T0"
                a:2: "T1"
                b:1: (deleted)
                c:1: "T2"
            """)
    }

    func testSiblingCountWarning() throws {
        let base = Fx.rev("hub:1", Fx.article(title: "T0"))
        let siblings = (0..<ConflictReport.siblingWarningThreshold).map { i in
            Fx.rev("n\(i):1", context: ["hub": 1], millis: UInt64(i), Fx.article(title: "T\(i)"))
        }
        let report = try XCTUnwrap(ConflictReport(view: MergeRules.view(siblings: siblings, history: [base] + siblings, now: 0)))
        XCTAssertTrue(report.tooManySiblings)
        XCTAssertTrue(report.description.hasPrefix("doc-1 (article): 8 siblings [WARNING: 8 or more siblings]"))
        let fewer = try XCTUnwrap(ConflictReport(view: MergeRules.view(siblings: Array(siblings.dropLast()),
                                                                        history: [base] + siblings, now: 0)))
        XCTAssertFalse(fewer.tooManySiblings)
    }

    func testCleanlyMergedSiblingsAreReportedButNeedNoResolution() throws {
        let base = Fx.rev("a:1", Fx.article(title: "T0", summary: "S0"))
        let s1 = Fx.rev("a:2", context: ["a": 1], Fx.article(title: "T1", summary: "S0"))
        let s2 = Fx.rev("b:1", context: ["a": 1], Fx.article(title: "T0", summary: "S1"))
        let report = try XCTUnwrap(ConflictReport(view: MergeRules.view(siblings: [s1, s2], history: [base, s1, s2], now: 0)))
        XCTAssertFalse(report.needsResolution)
        XCTAssertEqual(report.fields.map(\.field), ["summary", "title"])
        XCTAssertNil(ConflictReport(view: MergeRules.view(siblings: [s1], history: [base, s1], now: 0)))
    }
}
