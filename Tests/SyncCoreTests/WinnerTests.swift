import XCTest
@testable import SyncCore

final class WinnerTests: XCTestCase {
    func testWinnerOrderLiveThenTimestampThenActorThenHash() {
        let live = Fx.rev("a:1", millis: 1_000, Fx.article(title: "live"))
        let laterDelete = Fx.rev("b:1", millis: 9_000, tombstone: true)
        XCTAssertEqual(MergeRules.winner([laterDelete, live]), live, "live beats a later delete")

        let later = Fx.rev("a:2", millis: 2_000, Fx.article(title: "later"))
        let logicalLater = Fx.rev("c:1", millis: 2_000, logical: 1, Fx.article(title: "logical"))
        XCTAssertEqual(MergeRules.winner([later, live]), later)
        XCTAssertEqual(MergeRules.winner([later, logicalLater, live]), logicalLater)
    }

    /// Two nodes write concurrently at exactly the same hybrid timestamp:
    /// the greater actor wins, on both nodes, whatever the arrival order.
    func testExactTimestampTieIsBrokenByActorOnEveryNode() {
        var birmingham = TestNode("birmingham"), singapore = TestNode("singapore")
        let rb = birmingham.write("doc-1", Fx.article(title: "from birmingham"), now: 50_000)
        let rs = singapore.write("doc-1", Fx.article(title: "from singapore"), now: 50_000)
        XCTAssertEqual(rb.timestamp, rs.timestamp)
        birmingham.receive(rs, now: 50_001)
        singapore.receive(rb, now: 50_001)
        let vb = birmingham.view("doc-1", now: 50_002)!, vs = singapore.view("doc-1", now: 50_002)!
        XCTAssertEqual(vb, vs)
        XCTAssertEqual(vb.winner, rs, "\"singapore\" > \"birmingham\"")
        XCTAssertEqual(vb.content.text("title"), "from singapore", "no base: the conflict shows the winner's value")
        XCTAssertEqual(vb.conflicts.map(\.field), ["title"])
    }

    /// Same timestamp and same actor (only possible across documents or with
    /// a reused counter): the content hash decides, not the counter or the order.
    func testSameTimestampAndActorIsBrokenByContentHash() {
        let x = Fx.rev("a:1", millis: 7, Fx.article(title: "x"))
        let y = Fx.rev("a:2", millis: 7, Fx.article(title: "y"))
        let expected = ContentHash.of(x) > ContentHash.of(y) ? x : y
        XCTAssertEqual(MergeRules.winner([x, y]), expected)
        XCTAssertEqual(MergeRules.winner([y, x]), expected)
        XCTAssertNotEqual(ContentHash.of(x), ContentHash.of(y))

        // Epochs of one node are different actors: string order applies.
        let old = Fx.rev("birmingham:9", millis: 7, Fx.article(title: "x"))
        let new = Fx.rev("birmingham~2:1", millis: 7, Fx.article(title: "x"))
        XCTAssertEqual(MergeRules.winner([old, new]), new)
    }

    /// Clocks an hour fast and an hour slow. Causality comes from version
    /// vectors only: the slow node's later edit supersedes the fast node's
    /// although its timestamp is lower. Among concurrent siblings the fast
    /// node's timestamp still orders them (the winner is a pure function of
    /// the siblings), but it is flagged as skewed; the slow one is not.
    func testClockSkewOfAnHourEitherWay() {
        let hour: UInt64 = 3_600_000
        let t: UInt64 = 10 * hour
        var fast = TestNode("fast"), slow = TestNode("slow"), honest = TestNode("honest")

        let rFast = fast.write("doc-1", Fx.article(title: "fast"), now: t + hour)
        slow.receive(rFast, now: t - hour)
        XCTAssertEqual(slow.hlc, HybridTimestamp(millis: 0), "a reading an hour ahead is not folded into the clock")
        let rSlow = slow.write("doc-1", Fx.article(title: "slow, later"), now: t - hour + 1)
        XCTAssertLessThan(rSlow.timestamp, rFast.timestamp)
        honest.receive(rSlow, now: t)
        XCTAssertEqual(honest.receive(rFast, now: t), .obsolete, "wall time never overrides causality")
        XCTAssertEqual(honest.state("doc-1").siblings, [rSlow])
        XCTAssertEqual(honest.view("doc-1", now: t)?.content.text("title"), "slow, later")

        // Now concurrent writes: fast (+1h), honest, slow (-1h).
        let cFast = fast.write("doc-2", Fx.article(title: "F"), now: t + hour)
        let cHonest = honest.write("doc-2", Fx.article(title: "H"), now: t)
        let cSlow = slow.write("doc-2", Fx.article(title: "S"), now: t - hour)
        for r in [cFast, cSlow] { honest.receive(r, now: t) }
        let v = honest.view("doc-2", now: t)!
        XCTAssertEqual(v.siblings, [cFast, cHonest, cSlow])
        XCTAssertEqual(v.winner, cFast)
        XCTAssertEqual(v.skewed, [cFast.dot])
        XCTAssertEqual(ConflictReport(view: v)?.skewedIDs, [cFast.revisionID])
        // Within the allowed skew nothing is flagged.
        XCTAssertEqual(honest.view("doc-2", now: t + hour)?.skewed, [])
        XCTAssertEqual(MergeRules.view(siblings: v.siblings, base: nil, now: t, maxSkewMillis: 2 * hour).skewed, [])
    }

    func testDeleteConcurrentWithEditKeepsBothAndShowsTheEdit() {
        var a = TestNode("a"), b = TestNode("b")
        let created = a.write("doc-1", Fx.article(title: "T", tags: ["x"]), now: 1_000)
        b.receive(created, now: 1_000)
        let edit = a.write("doc-1", Fx.article(title: "T2", tags: ["x"]), now: 2_000)
        let delete = b.write("doc-1", Content(), tombstone: true, now: 3_000)
        a.receive(delete, now: 3_001)
        b.receive(edit, now: 3_001)
        for node in [a, b] {
            XCTAssertEqual(node.state("doc-1").siblings, [edit, delete])
            let v = node.view("doc-1", now: 4_000)!
            XCTAssertFalse(v.tombstone)
            XCTAssertTrue(v.deleteConflict)
            XCTAssertTrue(v.needsResolution)
            XCTAssertEqual(v.winner, edit)
            XCTAssertEqual(v.content, edit.content)
            XCTAssertEqual(v.conflicts, [])
        }
        XCTAssertEqual(a.view("doc-1", now: 4_000), b.view("doc-1", now: 4_000))

        // Deleted everywhere: shown as deleted. Re-created: a normal revision
        // whose context covers the tombstone.
        let deleteAll = a.write("doc-1", Content(), tombstone: true, now: 5_000)
        XCTAssertEqual(a.view("doc-1", now: 5_000)?.tombstone, true)
        XCTAssertEqual(a.view("doc-1", now: 5_000)?.deleteConflict, false)
        let recreated = a.write("doc-1", Fx.article(title: "back"), now: 6_000)
        XCTAssertTrue(recreated.context.covers(deleteAll.dot))
        b.receive(recreated, now: 6_000)
        XCTAssertEqual(b.receive(deleteAll, now: 6_000), .obsolete)
        XCTAssertEqual(b.state("doc-1").siblings, [recreated])
        XCTAssertEqual(b.view("doc-1", now: 6_000)?.tombstone, false)
    }
}
