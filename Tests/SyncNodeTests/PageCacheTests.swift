import Foundation
import HTTPClient
import SyncCore
import SyncCrypto
import SyncNode
import SyncProtocol
import SyncStore
import XCTest

/// The server keeps the bytes of closed pages (PageCache). Whatever it
/// keeps, a page it sends must be the page its log gives now: the same
/// bytes while the page's stretch of the log is unchanged, and a new page
/// as soon as a revision in it is withdrawn or an open page closes. The
/// store is changed through another connection than the server's, as a
/// `syncnode sync` run beside `serve` would.
final class PageCacheTests: FederationTestCase {
    private let gamma = try! Ed25519PrivateKey.generate()

    /// `alpha` serving with no content of its own, `beta` trusted by it.
    private func makeAlphaBeta() throws -> (alpha: TestNode, beta: TestNode, requester: SignedRequester) {
        let nodes = try makeFederation(["alpha", "beta"], importing: false)
        return (nodes[0], nodes[1], try requester(from: nodes[1], to: nodes[0]))
    }

    /// A revision by `gamma` (a node alpha received it from), signed for real.
    private func gammaRevision(_ suffix: String, counter: UInt64, context: [String: UInt64] = [:], millis: UInt64,
                               title: String) throws -> SignedRevision {
        var content = Content()
        content["title"] = .text(title)
        let r = Revision(documentID: "gamma." + suffix, kind: .article, dot: Dot(actor: "gamma", counter: counter),
                         context: VersionVector(context), author: "gamma", timestamp: HybridTimestamp(millis: millis),
                         tombstone: false, content: content)
        return SignedRevision(revision: r, signature: try gamma.sign(CanonicalEncoding.signingBytes(of: r)))
    }

    /// Stores `revisions` in `node`'s store through the test's own connection.
    @discardableResult
    private func receive(_ revisions: [SignedRevision], into node: TestNode) throws -> [WithdrawnRevision] {
        try node.store.write { scope in
            try revisions.flatMap { try node.store.applyReceived($0, origin: "gamma", now: WallClock.nowMillis(), in: scope).withdrawn }
        }
    }

    /// GET /v1/changes, checked as a peer checks it (signature and digest); the raw answer and the page.
    private func page(_ query: ChangesQuery, from requester: SignedRequester, alpha: TestNode, beta: TestNode,
                      ifNoneMatch: String? = nil) throws -> (response: ClientResponse, page: ChangesPage?) {
        var request = try requester.request("GET", query.target)
        if let ifNoneMatch { request.headers.add(name: "If-None-Match", value: ifNoneMatch) }
        let response = try requester.send(request)
        let body = response.body
        XCTAssertEqual(response.headers["Content-Digest"], ContentDigest.header(for: body, hash: { SHA256.hash($0) }),
                       "the digest sent is the digest of the body sent")
        // A peer's own check of the answer (signature over status, digest and target).
        _ = try beta.client("alpha").changes(query)
        return (response, response.status == 200 ? try ChangesPage.decode(body, request: query) : nil)
    }

    /// The page the store gives now, built without the server.
    private func expectedSeqs(_ alpha: TestNode, since: Int64, limit: Int) throws -> [UInt64] {
        try alpha.store.changesPage(after: since, limit: limit, exclude: nil).entries.map { UInt64($0.seq) }
    }

    func testAClosedPageIsServedWithTheSameBytesAndETagAndAnswers304() throws {
        let (alpha, beta, requester) = try makeAlphaBeta()
        let t = WallClock.nowMillis() - 60_000
        try receive(try (1...4).map { try gammaRevision("d\($0)", counter: UInt64($0), millis: t + UInt64($0), title: "Doc \($0)") },
                    into: alpha)
        let query = ChangesQuery(since: 0, limit: 2)
        let first = try page(query, from: requester, alpha: alpha, beta: beta)
        let second = try page(query, from: requester, alpha: alpha, beta: beta)
        XCTAssertEqual(first.page?.hasMore, true)
        XCTAssertEqual(first.response.bodyText, second.response.bodyText)
        let etag = try XCTUnwrap(first.response.headers["ETag"])
        XCTAssertEqual(second.response.headers["ETag"], etag)
        XCTAssertEqual(etag, ChangesPage.etag(bodySHA256: SHA256.hash(first.response.body)))
        XCTAssertNotEqual(first.response.headers["Signature"], nil)

        let notModified = try page(query, from: requester, alpha: alpha, beta: beta, ifNoneMatch: "W/" + etag)
        XCTAssertEqual(notModified.response.status, 304)
        XCTAssertEqual(notModified.response.body, [])
        XCTAssertEqual(notModified.response.headers["ETag"], etag)
    }

    func testAPageThatLosesARevisionToAWithdrawalIsNotServedFromTheKeptBytes() throws {
        let (alpha, beta, requester) = try makeAlphaBeta()
        let t = WallClock.nowMillis() - 60_000
        let held = try (1...4).map { try gammaRevision("d\($0)", counter: UInt64($0), millis: t + UInt64($0) * 1000, title: "Doc \($0)") }
        try receive(held, into: alpha)
        let query = ChangesQuery(since: 0, limit: 2)
        let before = try page(query, from: requester, alpha: alpha, beta: beta)
        _ = try page(query, from: requester, alpha: alpha, beta: beta)   // now served from the kept bytes
        XCTAssertEqual(before.page?.entries.map(\.revision), [held[0], held[1]])
        let oldETag = try XCTUnwrap(before.response.headers["ETag"])

        // gamma was restored and wrote gamma:2 again, earlier: every node
        // keeps the twin, so the held gamma:2 (seq 2) leaves the log.
        let twin = try gammaRevision("d2", counter: 2, millis: t + 500, title: "Doc 2 written again")
        let withdrawn = try receive([twin], into: alpha)
        XCTAssertEqual(withdrawn.map(\.record.signed), [held[1]], "the test needs gamma:2 withdrawn")

        let after = try page(query, from: requester, alpha: alpha, beta: beta)
        XCTAssertEqual(after.page?.entries.map(\.seq), try expectedSeqs(alpha, since: 0, limit: 2))
        XCTAssertEqual(after.page?.entries.map(\.revision), [held[0], held[2]])
        XCTAssertNotEqual(after.response.headers["ETag"], oldETag)
        XCTAssertNotEqual(after.response.bodyText, before.response.bodyText)
        // The old validator no longer matches: the client gets the new page.
        XCTAssertEqual(try page(query, from: requester, alpha: alpha, beta: beta, ifNoneMatch: oldETag).response.status, 200)
    }

    func testAnOpenPageThatClosesIsSentWithItsNewEntries() throws {
        let (alpha, beta, requester) = try makeAlphaBeta()
        let t = WallClock.nowMillis() - 60_000
        try receive(try (1...2).map { try gammaRevision("d\($0)", counter: UInt64($0), millis: t + UInt64($0), title: "Doc \($0)") },
                    into: alpha)
        let query = ChangesQuery(since: 0, limit: 3)
        for _ in 0..<2 {
            let open = try page(query, from: requester, alpha: alpha, beta: beta)
            XCTAssertEqual(open.page?.hasMore, false)
            XCTAssertEqual(open.page?.entries.count, 2)
            XCTAssertNil(open.response.headers["ETag"])
            XCTAssertEqual(open.response.headers["Cache-Control"], "no-store")
        }

        try receive(try (3...5).map { try gammaRevision("d\($0)", counter: UInt64($0), millis: t + UInt64($0), title: "Doc \($0)") },
                    into: alpha)
        var bodies: [[UInt8]] = []
        for _ in 0..<2 {
            let closed = try page(query, from: requester, alpha: alpha, beta: beta)
            XCTAssertEqual(closed.page?.hasMore, true)
            XCTAssertEqual(closed.page?.entries.map(\.seq), try expectedSeqs(alpha, since: 0, limit: 3))
            XCTAssertNotNil(closed.response.headers["ETag"])
            bodies.append(closed.response.body)
        }
        XCTAssertEqual(bodies[0], bodies[1])

        // More revisions after a closed page change nothing in it.
        try receive([try gammaRevision("d6", counter: 6, millis: t + 6, title: "Doc 6")], into: alpha)
        XCTAssertEqual(try page(query, from: requester, alpha: alpha, beta: beta).response.body, bodies[0])
    }

    func testAClosedPageWithExcludeIsBuiltAgainWhenItsWindowLosesAnExcludedEntry() throws {
        let (alpha, beta, requester) = try makeAlphaBeta()
        let t = WallClock.nowMillis() - 60_000
        let held = try (1...4).map { try gammaRevision("d\($0)", counter: UInt64($0), millis: t + UInt64($0) * 1000, title: "Doc \($0)") }
        try receive(held, into: alpha)
        // exclude=gamma: the window of 3 holds gamma's entries only, so the page lists none, and moves on.
        let query = ChangesQuery(since: 0, limit: 3, exclude: "gamma")
        let before = try page(query, from: requester, alpha: alpha, beta: beta)
        _ = try page(query, from: requester, alpha: alpha, beta: beta)
        XCTAssertEqual(before.page?.next, 3)
        XCTAssertEqual(before.page?.hasMore, true)

        try receive([try gammaRevision("d2", counter: 2, millis: t + 500, title: "Doc 2 written again")], into: alpha)
        let after = try page(query, from: requester, alpha: alpha, beta: beta)
        XCTAssertEqual(after.page?.next, 4, "the window now reaches seq 4: seq 2 left the log")
    }
}
