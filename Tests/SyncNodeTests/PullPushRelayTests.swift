import Foundation
import SyncCore
import SyncCrypto
import SyncNode
import SyncProtocol
import SyncStore
import XCTest

/// Three cities over TLS: pull, push, relay and no echo.
final class PullPushRelayTests: FederationTestCase {
    func testPullBringsEverySingaporeRecordAndSearchFindsThem() throws {
        let nodes = try makeFederation(["birmingham", "singapore", "new-york"])
        let (birmingham, singapore) = (nodes[0], nodes[1])
        let theirs = try singapore.revisionIDs()
        let ours = try birmingham.revisionIDs()
        XCTAssertEqual(theirs.count, 6, "Fixtures/cities/singapore holds 6 records")

        let report = try birmingham.pull(from: "singapore")
        XCTAssertEqual(report.received, theirs.count)
        XCTAssertEqual(report.applied, theirs.count)
        XCTAssertEqual(report.alreadyHad, 0)
        XCTAssertEqual(report.rejected, 0)
        XCTAssertEqual(try birmingham.revisionIDs(), ours + theirs, "pulled revisions are appended in the peer's order")

        // Every Singapore document reads the same at Birmingham.
        for id in try singapore.store.allDocumentIDs(includeDeleted: false) {
            let there = try XCTUnwrap(try singapore.store.document(id, now: 0))
            let here = try XCTUnwrap(try birmingham.store.document(id, now: 0), "\(id) missing at birmingham")
            XCTAssertEqual(here.content, there.content, id)
        }
        let front = try XCTUnwrap(try singapore.store.search("front door").first, "fixture changed?")
        XCTAssertEqual(try birmingham.store.search("front door").map(\.id), [front.id])
        XCTAssertEqual(try birmingham.store.stats().cities["singapore"], try singapore.store.stats().cities["singapore"])

        let state = try birmingham.store.peerState("singapore")
        XCTAssertEqual(state.pulledSeq, try singapore.store.headSeq(), "checkpoint at Singapore's head")

        // Up to date: a second pull fetches nothing.
        let again = try birmingham.pull(from: "singapore")
        XCTAssertEqual(again.received, 0)
        XCTAssertEqual(try birmingham.revisionIDs(), ours + theirs)
    }

    func testPushSendsOnceAndRePushSendsNothingNew() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let (birmingham, singapore) = (nodes[0], nodes[1])
        let ours = try birmingham.revisionIDs()
        let theirs = try singapore.revisionIDs()

        let first = try birmingham.push(to: "singapore")
        XCTAssertEqual(first.received, ours.count)
        XCTAssertEqual(first.applied, ours.count)
        XCTAssertEqual(first.alreadyHad, 0)
        XCTAssertEqual(try singapore.revisionIDs(), theirs + ours)
        for r in try singapore.store.changes(after: 0, limit: 1000) where r.revision.author == "birmingham" {
            XCTAssertEqual(r.origin, "birmingham")
        }
        XCTAssertEqual(try birmingham.store.peerState("singapore").pushedSeq, try birmingham.store.headSeq())

        // Nothing new: nothing is sent at all.
        let second = try birmingham.push(to: "singapore")
        XCTAssertEqual(second.received, 0)
        XCTAssertEqual(second.pages, 0)
        XCTAssertEqual(second.bytes, 0)

        // After forgetting the push mark, the same change-set goes again: Singapore
        // recognises its id and answers as the first time, applying nothing.
        try birmingham.store.write { scope in
            var state = try birmingham.store.peerState("singapore")
            state.pushedSeq = 0
            try birmingham.store.savePeerState(state, in: scope)
        }
        let before = try singapore.digest()
        let third = try birmingham.push(to: "singapore")
        XCTAssertEqual(third.received, ours.count)
        XCTAssertEqual(third.applied, first.applied, "the recorded answer")
        XCTAssertEqual(try singapore.digest(), before)

        // Another change-set with the same revisions (in another order) is
        // checked afresh: all `already_had`, nothing applied.
        let revisions = try birmingham.ownRevisions()
        let reordered = ChangeSetPush(origin: "birmingham", revisions: revisions.reversed(), sha256: { SHA256.hash($0) })
        let result = try birmingham.client("singapore").push(reordered)
        XCTAssertEqual(result.applied, [])
        XCTAssertEqual(result.alreadyHad, revisions.reversed().map(\.revision.revisionID))
        XCTAssertEqual(result.rejected, [])
        XCTAssertEqual(try singapore.digest(), before)
    }

    func testIdempotentRePushOfTheSameChangeSetAppliesOnce() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let (birmingham, singapore) = (nodes[0], nodes[1])
        let revisions = try birmingham.ownRevisions()
        let changeset = ChangeSetPush(origin: "birmingham", revisions: revisions, sha256: { SHA256.hash($0) })
        let client = try birmingham.client("singapore")

        let first = try client.push(changeset)
        XCTAssertEqual(first.changesetID, changeset.changesetID)
        XCTAssertEqual(first.applied, revisions.map(\.revision.revisionID))
        XCTAssertEqual(first.alreadyHad, [])
        XCTAssertEqual(first.rejected, [])
        let after = try singapore.digest()

        let second = try client.push(changeset)
        XCTAssertEqual(second, first, "a retried push answers exactly the same")
        XCTAssertEqual(try singapore.digest(), after, "and applies nothing again")
        XCTAssertEqual(try singapore.revisionIDs().filter { $0.hasPrefix("birmingham:") }.count, revisions.count)
    }

    func testRelayedArticleReachesBirminghamThroughNewYorkAndVerifiesAgainstSingapore() throws {
        let birmingham = try makeNode("birmingham")
        let singapore = try makeNode("singapore")
        let newYork = try makeNode("new-york")
        try singapore.serve(certificate: certs.server)
        try newYork.serve(certificate: certs.server)
        // New York talks to Singapore; Birmingham talks only to New York, but
        // knows Singapore's key (at an address where nothing listens).
        try newYork.trust(singapore, caFile: certs.caFile)
        try newYork.trust(birmingham, url: "https://127.0.0.1:1", caFile: certs.caFile)
        try singapore.trust(newYork, caFile: certs.caFile)
        try birmingham.trust(newYork, caFile: certs.caFile)
        try birmingham.trust(singapore, url: "https://127.0.0.1:1", caFile: certs.caFile)

        let originals = try singapore.ownRevisions()
        try newYork.pull(from: "singapore")
        let report = try birmingham.pull(from: "new-york")
        XCTAssertEqual(report.applied, originals.count + (try newYork.ownRevisions().count))

        let relayed = try birmingham.store.changes(after: 0, limit: 1000).filter { $0.revision.author == "singapore" }
        XCTAssertEqual(relayed.map(\.signed), originals, "relayed unchanged, with Singapore's signatures")
        XCTAssertEqual(Set(relayed.compactMap(\.origin)), ["new-york"], "they came from New York")
        let trust = try birmingham.trustStore()
        for r in relayed {
            XCTAssertEqual(trust.verify(r.signed), .valid, r.revision.revisionID)
            XCTAssertNotEqual(trust.verify(author: "new-york", signature: r.signed.signature,
                                           message: CanonicalEncoding.signingBytes(of: r.revision)), .valid,
                              "the relay's key does not vouch for Singapore's revisions")
        }
        let article = try XCTUnwrap(originals.first { $0.revision.kind == .article })
        XCTAssertEqual(try birmingham.store.document(article.revision.documentID, now: 0)?.content, article.revision.content)

        // A node that does not know Singapore's key records the relayed
        // revisions as rejected and still takes New York's own.
        let stranger = try makeNode("rotterdam")
        try stranger.trust(newYork, caFile: certs.caFile)
        try newYork.trust(stranger, url: "https://127.0.0.1:1", caFile: certs.caFile)
        let pulled = try stranger.pull(from: "new-york")
        XCTAssertEqual(pulled.rejected, originals.count)
        XCTAssertEqual(pulled.applied, try newYork.ownRevisions().count)
        let rejected = try stranger.store.rejectedRevisions(limit: 100)
        XCTAssertEqual(Set(rejected.map(\.revisionID)), Set(originals.map(\.revision.revisionID)))
        XCTAssertEqual(Set(rejected.map(\.code)), ["unknown_author"])
        XCTAssertEqual(Set(rejected.map(\.peer)), ["new-york"])
        XCTAssertTrue(rejected[0].reason.contains("'singapore' is not a trusted peer"), rejected[0].reason)
        XCTAssertFalse(try stranger.store.changes(after: 0, limit: 1000).contains { $0.revision.author == "singapore" })
        // Once Singapore is trusted, a re-read from the start brings them in.
        try stranger.trust(singapore, url: "https://127.0.0.1:1", caFile: certs.caFile)
        XCTAssertEqual(try stranger.pull(from: "new-york", fromStart: true).applied, originals.count)
        XCTAssertEqual(try stranger.store.rejectedCount(), 0)
    }

    func testPullWithExcludeDoesNotEchoThePullersOwnRevisions() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let (birmingham, singapore) = (nodes[0], nodes[1])
        try birmingham.push(to: "singapore")
        let ours = Set(try birmingham.revisionIDs())
        let theirs = try singapore.ownRevisions().map(\.revision.revisionID)
        XCTAssertEqual(try singapore.revisionIDs().count, ours.count + theirs.count)

        let client = try birmingham.client("singapore")
        let echoFree = try client.changes(ChangesQuery(since: 0, limit: 1000, exclude: "birmingham"))
        XCTAssertEqual(echoFree.entries.map(\.revision.revision.revisionID), theirs)
        XCTAssertEqual(echoFree.next, UInt64(try singapore.store.headSeq()), "the cursor still passes the left-out entries")
        XCTAssertFalse(echoFree.hasMore)
        let everything = try client.changes(ChangesQuery(since: 0, limit: 1000))
        XCTAssertEqual(everything.entries.count, ours.count + theirs.count, "control: without exclude they are there")

        // The real pull therefore receives only Singapore's own.
        let report = try birmingham.pull(from: "singapore")
        XCTAssertEqual(report.received, theirs.count)
        XCTAssertEqual(report.alreadyHad, 0)
        // And pushing back to Singapore sends nothing it sent us (no echo either way).
        let push = try singapore.push(to: "birmingham")
        XCTAssertEqual(push.received, theirs.count, "only Singapore's own, not Birmingham's revisions it holds")
        XCTAssertEqual(push.applied, 0)
        XCTAssertEqual(push.alreadyHad, theirs.count)
    }
}
