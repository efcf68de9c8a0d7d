import XCTest
@testable import SyncCore

final class ActorEpochTests: XCTestCase {
    func testNamesAndParsing() {
        XCTAssertEqual(ActorEpoch.parse("birmingham").node, "birmingham")
        XCTAssertEqual(ActorEpoch.parse("birmingham").epoch, 1)
        XCTAssertEqual(ActorEpoch.parse("birmingham~3").node, "birmingham")
        XCTAssertEqual(ActorEpoch.parse("birmingham~3").epoch, 3)
        XCTAssertEqual(ActorEpoch.parse("new-york~12").epoch, 12)
        XCTAssertEqual(ActorEpoch.parse("odd~1").epoch, 1, "epoch 1 is the bare name, so ~1 is not an epoch suffix")
        XCTAssertEqual(ActorEpoch.parse("odd~1").node, "odd~1")
        XCTAssertEqual(ActorEpoch.parse("odd~+3").node, "odd~+3")
        XCTAssertEqual(ActorEpoch.next(after: "birmingham"), "birmingham~2")
        XCTAssertEqual(ActorEpoch.next(after: "birmingham~2"), "birmingham~3")
        XCTAssertEqual(ActorEpoch.actor(node: "birmingham", epoch: 1), "birmingham")
    }

    func testDecision() {
        XCTAssertFalse(ActorEpoch.mustAdvance(localCounter: 5, peerCounter: 5))
        XCTAssertTrue(ActorEpoch.mustAdvance(localCounter: 4, peerCounter: 5))
        XCTAssertEqual(ActorEpoch.check(localActor: "birmingham", localCounter: 5,
                                        peerClock: VersionVector(["birmingham": 5, "singapore": 9])), .keep)
        XCTAssertEqual(ActorEpoch.check(localActor: "birmingham", localCounter: 3,
                                        peerClock: VersionVector(["birmingham": 5])),
                       .advance(newActor: "birmingham~2"))
        XCTAssertEqual(ActorEpoch.check(localActor: "birmingham~2", localCounter: 1,
                                        peerClock: VersionVector(["birmingham~2": 4, "birmingham": 9])),
                       .advance(newActor: "birmingham~3"))
        // Restored from a backup older than an earlier restore: a later epoch
        // exists already, so go past it even though this actor's counter is fine.
        XCTAssertEqual(ActorEpoch.check(localActor: "birmingham", localCounter: 9,
                                        peerClock: VersionVector(["birmingham": 9, "birmingham~2": 3])),
                       .advance(newActor: "birmingham~3"))
        // Another node whose name merely starts the same way is not an epoch.
        XCTAssertEqual(ActorEpoch.check(localActor: "york", localCounter: 1,
                                        peerClock: VersionVector(["new-york~4": 3, "york": 1])), .keep)
    }

    /// birmingham writes five revisions, singapore sees them all, then
    /// birmingham is restored from a backup taken after its third write.
    func testRestoredNodeMovesToANewEpochAndItsWritesAreNotMistakenForOldOnes() {
        var birmingham = TestNode("birmingham"), singapore = TestNode("singapore")
        var backup = birmingham
        for i in 1...5 {
            let r = birmingham.write("doc-1", Fx.article(title: "v\(i)"), now: UInt64(i) * 1_000)
            singapore.receive(r, now: UInt64(i) * 1_000)
            if i == 3 { backup = birmingham }
        }
        var restored = backup
        XCTAssertEqual(restored.counter, 3)

        // The hazard: writing on with the old counters makes birmingham:4 again,
        // which singapore already knows, so the new write is silently dropped.
        var careless = restored
        let reused = careless.write("doc-1", Fx.article(title: "new after restore"), now: 9_000)
        XCTAssertEqual(reused.revisionID, "birmingham:4")
        var singaporeCopy = singapore.state("doc-1")
        XCTAssertEqual(singaporeCopy.apply(reused), .obsolete)

        // Detected from singapore's clock: move to birmingham~2.
        guard case .advance(let newActor) = ActorEpoch.check(localActor: restored.actor, localCounter: restored.counter,
                                                             peerClock: singapore.nodeClock) else {
            return XCTFail("a peer that saw birmingham:5 must trigger a new epoch")
        }
        XCTAssertEqual(newActor, "birmingham~2")
        restored.actor = newActor
        restored.counter = 0

        // Writing before catching up: concurrent with birmingham:4/5, kept as a sibling.
        let early = restored.write("doc-1", Fx.article(title: "new after restore"), now: 9_000)
        XCTAssertEqual(early.revisionID, "birmingham~2:1")
        XCTAssertEqual(singapore.receive(early, now: 9_000), .added)
        XCTAssertEqual(singapore.state("doc-1").siblings.map(\.revisionID), ["birmingham:5", "birmingham~2:1"])

        // Catching up, then writing: supersedes everything, on both nodes.
        for r in singapore.revisions("doc-1") { restored.receive(r, now: 9_500) }
        let late = restored.write("doc-1", Fx.article(title: "settled"), now: 10_000)
        XCTAssertEqual(singapore.receive(late, now: 10_000), .added)
        XCTAssertEqual(singapore.state("doc-1"), restored.state("doc-1"))
        XCTAssertEqual(singapore.state("doc-1").siblings, [late])
        XCTAssertEqual(ActorEpoch.check(localActor: restored.actor, localCounter: restored.counter,
                                        peerClock: singapore.nodeClock), .keep)
    }
}
