import XCTest
@testable import SyncCore

final class ParagraphMergeTests: XCTestCase {
    func testParagraphsAreRunsOfNonBlankLines() {
        XCTAssertEqual(ParagraphMerge.paragraphs("a\nb\n\n\n  \nc\r\n\r\nd\n"), ["a\nb", "c", "d"])
        XCTAssertEqual(ParagraphMerge.paragraphs(""), [])
        XCTAssertEqual(ParagraphMerge.paragraphs("\n\n"), [])
    }

    func testDiffFindsReplacementsInsertionsAndDeletions() {
        let hunks = ParagraphMerge.diff(["A", "B", "C", "D"], ["A", "X", "C", "D", "E"])
        XCTAssertEqual(hunks.map { [$0.start, $0.end] }, [[1, 2], [4, 4]])
        XCTAssertEqual(hunks.map(\.replacement), [["X"], ["E"]])
        XCTAssertEqual(ParagraphMerge.diff(["A", "B"], ["A", "B"]), [])
        XCTAssertEqual(ParagraphMerge.diff(["A", "B"], []).map { [$0.start, $0.end] }, [[0, 2]])
    }

    func testMergeIsIndependentOfVersionOrder() {
        let base = "A\n\nB\n\nC\n\nD"
        let versions = ["A1\n\nB\n\nC\n\nD", "A\n\nB\n\nC\n\nD\n\nE", "A\n\nB\n\nC2\n\nD", "A\n\nB\n\nC\n\nD"]
        let expected = "A1\n\nB\n\nC2\n\nD\n\nE"
        for order in Fx.permutations(versions) {
            XCTAssertEqual(ParagraphMerge.merge(base: base, versions: order), expected)
        }
    }

    func testOverlappingChangesAreNil() {
        XCTAssertNil(ParagraphMerge.merge(base: "A\n\nB", versions: ["A\n\nB1", "A\n\nB2"]))
        // An insertion strictly inside a range another version replaced.
        XCTAssertNil(ParagraphMerge.merge(base: "A\n\nB\n\nC", versions: ["A\n\nZ", "A\n\nB\n\nI\n\nC"]))
    }
}
