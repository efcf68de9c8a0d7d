import XCTest
@testable import SyncCore

/// Every row of the field-merge rules, each checked under all sibling orders.
final class FieldMergeTests: XCTestCase {
    // Base a:1, then two concurrent children: a:2 (a continued) and b:1.
    private func fork(_ base: Content, _ left: Content, _ right: Content)
        -> (base: Revision, left: Revision, right: Revision) {
        (Fx.rev("a:1", millis: 1_000, base),
         Fx.rev("a:2", context: ["a": 1], millis: 2_000, left),
         Fx.rev("b:1", context: ["a": 1], millis: 1_500, right))
    }

    // MARK: scalar fields

    func testScalarChangedOnOneSideTakesTheChange() {
        let f = fork(Fx.article(title: "T0", summary: "S0", category: "C0"),
                     Fx.article(title: "T1", summary: "S0", category: "C0"),
                     Fx.article(title: "T0", summary: "S2", category: "C0"))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.base, f.base)
        XCTAssertEqual(v.content, Fx.article(title: "T1", summary: "S2", category: "C0"))
        XCTAssertEqual(v.conflicts, [])
        XCTAssertFalse(v.needsResolution)
    }

    func testScalarChangedToTheSameValueOnBothSidesIsNoConflict() {
        let f = fork(Fx.article(title: "T0", summary: "S0"),
                     Fx.article(title: "T1", summary: "S1"),
                     Fx.article(title: "T1", summary: "S0", category: "C2"))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content, Fx.article(title: "T1", summary: "S1", category: "C2"))
        XCTAssertEqual(v.conflicts, [])
    }

    func testScalarChangedDifferentlyIsAConflictShowingTheBase() {
        let f = fork(Fx.article(title: "T0", summary: "S0"),
                     Fx.article(title: "T1", summary: "S0"),
                     Fx.article(title: "T2", summary: "S2"))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content, Fx.article(title: "T0", summary: "S2"))
        XCTAssertEqual(v.conflicts, [FieldConflict(field: "title", base: .text("T0"), values: [
            SiblingValue(dot: Dot("a:2")!, value: .text("T1")),
            SiblingValue(dot: Dot("b:1")!, value: .text("T2")),
        ])])
        XCTAssertTrue(v.needsResolution)
    }

    func testScalarRemovedOnOneSideIsRemoved() {
        let f = fork(Fx.article(title: "T0", summary: "S0"),
                     Fx.article(title: "T0"),
                     Fx.article(title: "T0", summary: "S0", category: "C"))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content, Fx.article(title: "T0", category: "C"))
    }

    func testScalarConflictWithoutBaseShowsTheWinnersValue() {
        // Two nodes created the same document independently: no common base.
        let x = Fx.rev("a:1", millis: 2_000, Fx.article(title: "X", summary: "same"))
        let y = Fx.rev("b:1", millis: 3_000, Fx.article(title: "Y", summary: "same", category: "C"))
        let v = permutedView([x, y], history: [x, y])
        XCTAssertNil(v.base)
        XCTAssertEqual(v.winner, y)
        XCTAssertEqual(v.content, Fx.article(title: "Y", summary: "same", category: "C"))
        XCTAssertEqual(v.conflicts.map(\.field), ["title"])
        XCTAssertNil(v.conflicts[0].base)
    }

    func testScalarAmongThreeSiblingsOneDistinctChangeWins() {
        let base = Fx.rev("a:1", Fx.article(title: "T0", summary: "S0"))
        let s1 = Fx.rev("a:2", context: ["a": 1], Fx.article(title: "T1", summary: "S0"))
        let s2 = Fx.rev("b:1", context: ["a": 1], Fx.article(title: "T1", summary: "S0", category: "C"))
        let s3 = Fx.rev("c:1", context: ["a": 1], Fx.article(title: "T0", summary: "S3"))
        let v = permutedView([s1, s2, s3], history: [base, s1, s2, s3])
        XCTAssertEqual(v.content, Fx.article(title: "T1", summary: "S3", category: "C"))
        XCTAssertEqual(v.conflicts, [])
    }

    // MARK: tags

    func testTagsAddedOnBothSidesAreAllKept() {
        let f = fork(Fx.article(title: "T", tags: ["x"]),
                     Fx.article(title: "T", tags: ["x", "a"]),
                     Fx.article(title: "T", tags: ["x", "b"]))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content.list("tags"), ["a", "b", "x"])
        XCTAssertEqual(v.conflicts, [])
    }

    func testTagAddedOnOneSideAndAnotherRemovedOnTheOther() {
        let f = fork(Fx.article(title: "T", tags: ["x", "y"]),
                     Fx.article(title: "T", tags: ["x", "y", "a"]),
                     Fx.article(title: "T", tags: ["y"]))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content.list("tags"), ["a", "y"])
    }

    func testTagRemovedOnOneSideAndUntouchedOnTheOtherIsRemoved() {
        // The other side edited its tags (added z) and its title, but kept x all along.
        let f = fork(Fx.article(title: "T", tags: ["x", "y"]),
                     Fx.article(title: "T", tags: ["y"]),
                     Fx.article(title: "T2", tags: ["x", "y", "z"]))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content.list("tags"), ["y", "z"])
        XCTAssertEqual(v.content.text("title"), "T2")
    }

    func testTagRemovedOnBothSidesIsRemoved() {
        let f = fork(Fx.article(title: "T", tags: ["x", "y"]),
                     Fx.article(title: "T", tags: ["y"]),
                     Fx.article(title: "T2", tags: ["y"]))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content.list("tags"), ["y"])
    }

    func testTagRemovedOnOneSideButReaddedOnTheOtherIsKept() {
        // a:1 has x. b:1 removes x. Concurrently a:2 removes x and a:3 puts it
        // back: a:3 touched x, so the add wins over b:1's removal.
        let base = Fx.rev("a:1", Fx.article(title: "T", tags: ["x", "y"]))
        let removed = Fx.rev("b:1", context: ["a": 1], millis: 1_500, Fx.article(title: "T", tags: ["y"]))
        let between = Fx.rev("a:2", context: ["a": 1], millis: 1_600, Fx.article(title: "T", tags: ["y"]))
        let readded = Fx.rev("a:3", context: ["a": 2], millis: 1_700, Fx.article(title: "T", tags: ["x", "y"]))
        let history = [base, removed, between, readded]
        let v = permutedView([removed, readded], history: history)
        XCTAssertEqual(v.base, base)
        XCTAssertEqual(v.content.list("tags"), ["x", "y"])
        XCTAssertEqual(v.conflicts, [])

        // Without the history in between, the same pair is a plain three-way merge: removed.
        let plain = MergeRules.view(siblings: [removed, readded], base: base, now: 10_000)
        XCTAssertEqual(plain.content.list("tags"), ["y"])
    }

    func testTagReaddedAfterADeleteCountsAsTouched() {
        let base = Fx.rev("a:1", Fx.article(title: "T", tags: ["x"]))
        let removed = Fx.rev("b:1", context: ["a": 1], Fx.article(title: "T"))
        let deleted = Fx.rev("a:2", context: ["a": 1], tombstone: true)
        let recreated = Fx.rev("a:3", context: ["a": 2], Fx.article(title: "T", tags: ["x"]))
        let v = permutedView([removed, recreated], history: [base, removed, deleted, recreated])
        XCTAssertEqual(v.content.list("tags"), ["x"])
    }

    func testTagsWithoutBaseAreUnited() {
        let x = Fx.rev("a:1", Fx.article(title: "T", tags: ["p", "q"]))
        let y = Fx.rev("b:1", Fx.article(title: "T", tags: ["q", "r"]))
        let v = permutedView([x, y], history: [x, y])
        XCTAssertEqual(v.content.list("tags"), ["p", "q", "r"])
    }

    // MARK: body and notes, paragraph by paragraph

    private let baseBody = "P1 line one\nP1 line two\n\nP2\n\nP3"

    func testBodyEditsToDifferentParagraphsMerge() {
        let f = fork(Fx.article(title: "T", body: baseBody),
                     Fx.article(title: "T", body: "P1 edited\n\nP2\n\nP3"),
                     Fx.article(title: "T", body: "P1 line one\nP1 line two\n\nP2\n\nP3 edited"))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content.text("body"), "P1 edited\n\nP2\n\nP3 edited")
        XCTAssertEqual(v.conflicts, [])
    }

    func testBodyEditsToAdjacentParagraphsMerge() {
        let f = fork(Fx.article(title: "T", body: baseBody),
                     Fx.article(title: "T", body: "P1 edited\n\nP2\n\nP3"),
                     Fx.article(title: "T", body: "P1 line one\nP1 line two\n\nP2 edited\n\nP3"))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content.text("body"), "P1 edited\n\nP2 edited\n\nP3")
    }

    func testBodyEditsToTheSameParagraphConflictAndShowTheBase() {
        let f = fork(Fx.article(title: "T", body: baseBody),
                     Fx.article(title: "T", body: "P1 line one\nP1 line two\n\nP2 left\n\nP3"),
                     Fx.article(title: "T2", body: "P1 line one\nP1 line two\n\nP2 right\n\nP3"))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content.text("body"), baseBody)
        XCTAssertEqual(v.content.text("title"), "T2")
        XCTAssertEqual(v.conflicts.map(\.field), ["body"])
        XCTAssertEqual(v.conflicts[0].base, .text(baseBody))
        XCTAssertEqual(v.conflicts[0].values.map(\.revisionID), ["a:2", "b:1"])
    }

    func testBodyIdenticalEditsToTheSameParagraphMerge() {
        let f = fork(Fx.article(title: "T", body: baseBody),
                     Fx.article(title: "T", body: "P1 line one\nP1 line two\n\nP2 both\n\nP3 left"),
                     Fx.article(title: "T", body: "P1 new\n\nP2 both\n\nP3"))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content.text("body"), "P1 new\n\nP2 both\n\nP3 left")
    }

    func testBodyInsertionsAtDifferentPlacesMerge() {
        let f = fork(Fx.article(title: "T", body: "A\n\nB\n\nC"),
                     Fx.article(title: "T", body: "A\n\nX\n\nB\n\nC"),
                     Fx.article(title: "T", body: "A\n\nB\n\nC\n\nY"))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content.text("body"), "A\n\nX\n\nB\n\nC\n\nY")
    }

    func testBodyDifferentInsertionsAtTheSamePlaceConflict() {
        let f = fork(Fx.article(title: "T", body: "A\n\nB"),
                     Fx.article(title: "T", body: "A\n\nX\n\nB"),
                     Fx.article(title: "T", body: "A\n\nY\n\nB"))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content.text("body"), "A\n\nB")
        XCTAssertEqual(v.conflicts.map(\.field), ["body"])
    }

    func testBodyParagraphDeletedOnOneSideAndAnotherEditedMerge() {
        let f = fork(Fx.article(title: "T", body: "A\n\nB\n\nC"),
                     Fx.article(title: "T", body: "B\n\nC"),
                     Fx.article(title: "T", body: "A\n\nB\n\nC2"))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content.text("body"), "B\n\nC2")
    }

    func testBodyParagraphDeletedOnOneSideAndEditedOnTheOtherConflicts() {
        let f = fork(Fx.article(title: "T", body: "A\n\nB\n\nC"),
                     Fx.article(title: "T", body: "A\n\nC"),
                     Fx.article(title: "T", body: "A\n\nB2\n\nC"))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content.text("body"), "A\n\nB\n\nC")
        XCTAssertEqual(v.conflicts.map(\.field), ["body"])
    }

    func testBodyWithoutBaseConflictsAndShowsTheWinner() {
        let x = Fx.rev("a:1", millis: 5_000, Fx.article(title: "T", body: "mine"))
        let y = Fx.rev("b:1", millis: 4_000, Fx.article(title: "T", body: "yours"))
        let v = permutedView([x, y], history: [x, y])
        XCTAssertEqual(v.content.text("body"), "mine")
        XCTAssertEqual(v.conflicts.map(\.field), ["body"])
    }

    func testTalkNotesMergeByParagraphAmongThreeSiblings() {
        let notes = "Intro\n\nMiddle\n\nEnd"
        let base = Fx.rev("a:1", kind: .talk, Fx.content(["title": .text("Talk"), "notes": .text(notes)]))
        let s1 = Fx.rev("a:2", context: ["a": 1], kind: .talk,
                        Fx.content(["title": .text("Talk"), "notes": .text("Intro!\n\nMiddle\n\nEnd")]))
        let s2 = Fx.rev("b:1", context: ["a": 1], kind: .talk,
                        Fx.content(["title": .text("Talk"), "notes": .text("Intro\n\nMiddle!\n\nEnd")]))
        let s3 = Fx.rev("c:1", context: ["a": 1], kind: .talk,
                        Fx.content(["title": .text("Talk"), "notes": .text("Intro\n\nMiddle\n\nEnd!\n\nQ&A")]))
        let v = permutedView([s1, s2, s3], history: [base, s1, s2, s3])
        XCTAssertEqual(v.kind, .talk)
        XCTAssertEqual(v.content.text("notes"), "Intro!\n\nMiddle!\n\nEnd!\n\nQ&A")
        XCTAssertEqual(v.conflicts, [])
    }

    // MARK: identical versions

    func testIdenticalConcurrentEditsCountAsOne() {
        let f = fork(Fx.article(title: "T0"), Fx.article(title: "Same"), Fx.article(title: "Same"))
        let v = permutedView([f.left, f.right], history: [f.base, f.left, f.right])
        XCTAssertEqual(v.content, Fx.article(title: "Same"))
        XCTAssertEqual(v.distinctVersionCount, 1)
        XCTAssertFalse(v.needsResolution)
        XCTAssertNil(ConflictReport(view: v))
    }
}
