import Foundation
import Synchronization
import SyncCore
import SyncCrypto
@testable import SyncNode
import SyncProtocol
import SyncStore
import XCTest

/// Pushes applied together (group commit, `NodeService.apply`): one write
/// transaction for the group, and each push its own correct answer; a push
/// that fails leaves the others applied and none of its own revisions.
final class GroupedPushTests: FederationTestCase {
    private var singapore: TestNode!
    private var birmingham: TestNode!
    private var rotterdam: TestNode!

    override func setUpWithError() throws {
        try super.setUpWithError()
        let nodes = try makeFederation(["singapore", "birmingham", "rotterdam"])
        (singapore, birmingham, rotterdam) = (nodes[0], nodes[1], nodes[2])
    }

    override func tearDown() {
        (singapore, birmingham, rotterdam) = (nil, nil, nil)
        super.tearDown()
    }

    /// A verified push of `revisions` from `peer` to singapore, as `NodeService.push` makes it.
    private func pending(_ revisions: [SignedRevision], from peer: String) throws -> PendingPush {
        let trust = try singapore.trustStore()
        let changeset = ChangeSetPush(origin: peer, revisions: revisions, sha256: { SHA256.hash($0) })
        let refusals = try ChangeSetApplier(trust: trust).verify(revisions, from: peer)
        return PendingPush(changeset: changeset, peer: peer, trust: trust, refusals: refusals, now: WallClock.nowMillis())
    }

    private func applyGroup(_ group: [PendingPush]) -> [Result<(response: [UInt8], tally: ApplyTally?), any Error>] {
        NodeService.apply(group, pool: StorePool(path: singapore.home.storePath))
    }

    /// birmingham's own revisions in `parts` change-sets.
    private func birminghamParts(_ parts: Int) throws -> [[SignedRevision]] {
        let own = try birmingham.ownRevisions()
        XCTAssertGreaterThanOrEqual(own.count, parts)
        let size = (own.count + parts - 1) / parts
        return stride(from: 0, to: own.count, by: size).map { Array(own[$0..<min($0 + size, own.count)]) }
    }

    func testPushesInOneGroupEachGetTheirOwnAnswer() throws {
        let parts = try birminghamParts(2)
        let fromRotterdam = try rotterdam.ownRevisions()
        let group = try [pending(parts[0], from: "birmingham"), pending(fromRotterdam, from: "rotterdam"),
                         pending(parts[1], from: "birmingham")]
        let results = applyGroup(group)
        XCTAssertEqual(results.count, 3)
        for (push, result) in zip(group, results) {
            let (response, tally) = try result.get()
            let answer = try PushResult.decode(response)
            XCTAssertEqual(answer.changesetID, push.changeset.changesetID)
            XCTAssertEqual(answer.applied, push.changeset.revisions.map(\.revision.revisionID), "each push answers for its own revisions")
            XCTAssertEqual(tally?.appliedIDs, answer.applied)
            XCTAssertEqual(try singapore.store.changesetResponse(push.changeset.changesetID), String(decoding: response, as: UTF8.self),
                           "each answer is recorded for a retry")
        }
        for r in parts.joined() + fromRotterdam { XCTAssertTrue(try singapore.store.hasRevision(r.revision.dot)) }
    }

    func testTheSameChangeSetTwiceInAGroupIsAnsweredTheSame() throws {
        let push = try pending(try birminghamParts(1)[0], from: "birmingham")
        let results = applyGroup([push, push])
        let first = try results[0].get(), second = try results[1].get()
        XCTAssertEqual(first.response, second.response)
        XCTAssertNotNil(first.tally)
        XCTAssertNil(second.tally, "the second is answered from the record of the first")
    }

    func testAPushThatFailsInAGroupLeavesTheOthersAppliedAndNoneOfItsOwn() throws {
        let parts = try birminghamParts(3)
        let bad = parts[1]
        XCTAssertGreaterThanOrEqual(bad.count, 2)
        // The store fails (not a refusal) on the bad push's last revision:
        // its revisions before that one were already written in the group's transaction.
        let failOn = try XCTUnwrap(bad.last).revision.documentID
        try singapore.store.db.execute("""
            CREATE TRIGGER test_fail_one BEFORE INSERT ON revisions WHEN NEW.doc_id = '\(failOn)'
            BEGIN SELECT RAISE(ABORT, 'injected failure'); END
            """)
        let before = try singapore.digest()
        let group = try [pending(parts[0], from: "birmingham"), pending(bad, from: "birmingham"),
                         pending(parts[2], from: "birmingham")]
        let results = applyGroup(group)
        XCTAssertThrowsError(try results[1].get()) { error in
            XCTAssertTrue(String(describing: error).contains("injected failure"), "\(error)")
        }
        for i in [0, 2] {
            let answer = try PushResult.decode(try results[i].get().response)
            XCTAssertEqual(answer.applied, group[i].changeset.revisions.map(\.revision.revisionID))
        }
        for r in parts[0] + parts[2] { XCTAssertTrue(try singapore.store.hasRevision(r.revision.dot)) }
        for r in bad { XCTAssertFalse(try singapore.store.hasRevision(r.revision.dot), "\(r.revision.revisionID) of the failed push") }
        XCTAssertNil(try singapore.store.changesetResponse(group[1].changeset.changesetID), "no answer recorded for the failed push")
        XCTAssertNotEqual(try singapore.digest(), before)

        // Without the fault, the failed push goes through on its own.
        try singapore.store.db.execute("DROP TRIGGER test_fail_one")
        let again = applyGroup([group[1]])
        XCTAssertEqual(try PushResult.decode(try again[0].get().response).applied, bad.map(\.revision.revisionID))
    }

    func testTwoFailingPushesInAGroupFailAloneAndTheRestCommits() throws {
        let parts = try birminghamParts(3)
        let fromRotterdam = try rotterdam.ownRevisions()
        let failOn = [parts[0].last, parts[2].last].compactMap { $0?.revision.documentID }
        try singapore.store.db.execute("""
            CREATE TRIGGER test_fail_two BEFORE INSERT ON revisions
            WHEN NEW.doc_id IN ('\(failOn[0])', '\(failOn[1])') BEGIN SELECT RAISE(ABORT, 'injected failure'); END
            """)
        let group = try [pending(parts[0], from: "birmingham"), pending(parts[1], from: "birmingham"),
                         pending(parts[2], from: "birmingham"), pending(fromRotterdam, from: "rotterdam")]
        let results = applyGroup(group)
        XCTAssertEqual(results.count, 4)
        for i in [0, 2] { XCTAssertThrowsError(try results[i].get(), "push \(i)") }
        for i in [1, 3] {
            let answer = try PushResult.decode(try results[i].get().response)
            XCTAssertEqual(answer.changesetID, group[i].changeset.changesetID, "push \(i) got its own answer")
            XCTAssertEqual(answer.applied, group[i].changeset.revisions.map(\.revision.revisionID))
        }
        for r in parts[0] + parts[2] { XCTAssertFalse(try singapore.store.hasRevision(r.revision.dot)) }
        for r in parts[1] + fromRotterdam { XCTAssertTrue(try singapore.store.hasRevision(r.revision.dot)) }
    }

    /// `@unchecked Sendable`: requester `i` (its own connection) is used by thread `i` only.
    private struct Senders: @unchecked Sendable { let all: [SignedRequester] }

    func testConcurrentPushesOverHTTPEachGetTheirOwnAnswer() throws {
        let parts = try birminghamParts(4) + [try rotterdam.ownRevisions()]
        let answers = Mutex<[Int: Result<PushResult, any Error>]>([:])
        let senders = Senders(all: try parts.indices.map { i in try requester(from: i < 4 ? birmingham : rotterdam, to: singapore) })
        DispatchQueue.concurrentPerform(iterations: parts.count) { i in
            let origin = i < 4 ? "birmingham" : "rotterdam"
            let body = ChangeSetPush(origin: origin, revisions: parts[i], sha256: { SHA256.hash($0) }).encoded()
            let answer = Result { () throws -> PushResult in
                let response = try senders.all[i].send("POST", "/v1/changesets", body: body)
                guard response.status == 200 else { throw NodeError(.failure, "push \(i): \(response.status) \(response.bodyText)") }
                return try PushResult.decode(response.body)
            }
            answers.withLock { $0[i] = answer }
        }
        let all = answers.withLock { $0 }
        for i in parts.indices {
            XCTAssertEqual(try all[i]?.get().applied, parts[i].map(\.revision.revisionID), "push \(i)")
        }
        for r in parts.joined() { XCTAssertTrue(try singapore.store.hasRevision(r.revision.dot)) }
    }
}
