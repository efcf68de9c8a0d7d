import SyncCore
import SyncStore
import XCTest

/// `changesPage(after:limit:exclude:)`: the cursor covers every row scanned,
/// even those left out for the requester, so no page repeats or skips one.
final class ChangesPageTests: StoreTestCase {
    func testExcludeLeavesOutTheRequestersRevisionsButTheCursorPassesThem() throws {
        try commit("alpha.a1", .article, Self.article("Alpha one"))                                        // seq 1, local
        try receive(Self.remote("beta.b1", dot: "beta:1", Self.article("Beta one")), from: "beta")  // seq 2, from beta
        try receive(Self.remote("gamma.g1", dot: "gamma:1", Self.article("Gamma one")), from: "beta") // seq 3, relayed by beta
        try receive(Self.remote("beta.b2", dot: "beta~2:1", Self.article("Beta epoch 2")), from: "gamma") // seq 4, beta's, via gamma
        try commit("alpha.a2", .article, Self.article("Alpha two"))                                        // seq 5

        let all = try store.changesPage(after: 0, limit: 10, exclude: nil)
        XCTAssertEqual(all.entries.map(\.seq), [1, 2, 3, 4, 5])
        XCTAssertEqual(all.lastScanned, 5)

        // For beta: nothing it authored (any epoch) or sent us.
        let forBeta = try store.changesPage(after: 0, limit: 10, exclude: "beta")
        XCTAssertEqual(forBeta.entries.map(\.revision.revisionID), ["alpha:1", "alpha:2"])
        XCTAssertEqual(forBeta.lastScanned, 5)

        // Paging: the cursor moves over excluded rows; pages neither repeat nor skip.
        let first = try store.changesPage(after: 0, limit: 3, exclude: "beta")
        XCTAssertEqual(first.entries.map(\.seq), [1])
        XCTAssertEqual(first.lastScanned, 3)
        let second = try store.changesPage(after: first.lastScanned, limit: 3, exclude: "beta")
        XCTAssertEqual(second.entries.map(\.seq), [5])
        XCTAssertEqual(second.lastScanned, 5)
        let empty = try store.changesPage(after: 5, limit: 3, exclude: "beta")
        XCTAssertEqual(empty.entries.count, 0)
        XCTAssertEqual(empty.lastScanned, 5, "an empty page leaves the cursor where it was")
    }

    func testPushMarkOnlyRises() throws {
        try store.advancePushedSeq(peer: "beta", to: 7)
        try store.advancePushedSeq(peer: "beta", to: 3)
        XCTAssertEqual(try store.peerState("beta").pushedSeq, 7)
        try store.write { scope in try store.savePullCheckpoint(peer: "beta", pulledSeq: 4, peerHeadSeq: 9, in: scope) }
        let state = try store.peerState("beta")
        XCTAssertEqual(state.pulledSeq, 4)
        XCTAssertEqual(state.pushedSeq, 7, "saving the pull checkpoint leaves the push mark alone")
        XCTAssertEqual(state.lag, 5)
    }
}
