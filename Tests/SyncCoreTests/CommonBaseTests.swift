import XCTest
@testable import SyncCore

final class CommonBaseTests: XCTestCase {
    func testBaseIsTheLatestRevisionEverySiblingDescendsFrom() {
        let r1 = Fx.rev("a:1")
        let r2 = Fx.rev("a:2", context: ["a": 1])
        let s1 = Fx.rev("a:3", context: ["a": 2])
        let s2 = Fx.rev("b:1", context: ["a": 2])
        let s3 = Fx.rev("c:1", context: ["a": 1])
        for history in Fx.permutations([r1, r2, s1, s2, s3]) {
            XCTAssertEqual(MergeRules.commonBase(of: [s1, s2], history: history), r2)
            XCTAssertEqual(MergeRules.commonBase(of: [s2, s1, s3], history: history), r1)
        }
        XCTAssertNil(MergeRules.commonBase(of: [s1, s2], history: [s1, s2]), "no ancestor in the history")
        XCTAssertNil(MergeRules.commonBase(of: [r1, Fx.rev("b:1")], history: [r1]))
    }

    func testCrissCrossHasSeveralAncestorsAndAVirtualBase() {
        // a:1 and b:1 concurrent; a:2 and b:2 both merge them; then a:3 and b:3 fork again.
        let a1 = Fx.rev("a:1", millis: 10, Fx.article(title: "a1"))
        let b1 = Fx.rev("b:1", millis: 20, Fx.article(title: "b1"))
        let a2 = Fx.rev("a:2", context: ["a": 1, "b": 1], millis: 30)
        let b2 = Fx.rev("b:2", context: ["a": 1, "b": 1], millis: 40)
        let s1 = Fx.rev("a:3", context: ["a": 2, "b": 2])
        let s2 = Fx.rev("c:1", context: ["a": 1, "b": 1])
        for history in Fx.permutations([a1, b1, a2, b2, s1, s2]) {
            XCTAssertEqual(MergeRules.commonAncestors(of: [s1, s2], history: history), [a1, b1])
            XCTAssertNil(MergeRules.commonBase(of: [s1, s2], history: history), "no single base: none is favoured")
            // a1 and b1 share no ancestor: their titles conflict, so the title is undecided.
            XCTAssertEqual(MergeRules.mergeBase(of: [s2, s1], history: history),
                           MergeBase(ancestors: [a1, b1], content: Fx.article(title: "b1"), undecided: ["title"]))
        }
        let s3 = Fx.rev("b:3", context: ["a": 2, "b": 2])
        let s4 = Fx.rev("d:1", context: ["a": 2, "b": 2])
        let history = [a1, b1, a2, b2, s3, s4]
        XCTAssertEqual(MergeRules.commonAncestors(of: [s3, s4], history: history), [a2, b2])
        let virtual = MergeRules.mergeBase(of: [s3, s4], history: history)
        XCTAssertEqual(virtual, MergeBase(ancestors: [a2, b2], content: Content(), undecided: []),
                       "a2 and b2 agree, so nothing is undecided")
        XCTAssertEqual(virtual?.id, "a:2+b:2")
        XCTAssertEqual(virtual?.isVirtual, true)
        XCTAssertNil(virtual?.revision)
    }

    func testADeleteAsBaseCountsAsNoBase() {
        let created = Fx.rev("a:1", Fx.article(title: "old", tags: ["x"]))
        let deleted = Fx.rev("a:2", context: ["a": 1], tombstone: true)
        let x = Fx.rev("a:3", context: ["a": 2], millis: 5_000, Fx.article(title: "X", tags: ["p"]))
        let y = Fx.rev("b:1", context: ["a": 2], millis: 4_000, Fx.article(title: "Y", tags: ["q"]))
        let v = permutedView([x, y], history: [created, deleted, x, y])
        XCTAssertEqual(v.base, deleted)
        XCTAssertEqual(v.content, Fx.article(title: "X", tags: ["p", "q"]), "conflicted title shows the winner's")
        XCTAssertEqual(v.conflicts.map(\.field), ["title"])
        XCTAssertNil(v.conflicts[0].base)
    }
}
