import Foundation
import HTTPClient
import SyncCore
import SyncCrypto
import SyncProtocol

/// `GET /v1/changes`: pages, cursors, `exclude`, caching and query errors
/// (docs/protocol.md sections 3 and 5).
extension ConformanceSuite {
    /// Most pages walked by one check, so a huge log cannot make it run forever.
    static let maxPages = 200

    /// Fetches and decodes one page, checking signature and status.
    func page(_ query: ChangesQuery, extra: HTTPHeaders = HTTPHeaders()) throws -> (ChangesPage, ClientResponse) {
        let response = try signed("GET", query.target, extra: extra)
        try expect(response, "GET", query.target, status: 200)
        do { return (try ChangesPage.decode(response.body, request: query), response) } catch {
            throw CheckFailure("GET \(query.target): the page does not decode or breaks the paging rules: \(error)")
        }
    }

    /// Walks the whole log in pages of 1000 (then of 1 near the end) and
    /// checks the cursor rules, the revisions' signatures where the suite
    /// knows the author's key, and that the pushed revisions are listed.
    func checkPaging() throws {
        let serverKey = try requireServerKey()
        guard !pushed.isEmpty else { throw CheckSkipped("push-accepted did not pass, so the log may be empty") }
        var since: UInt64 = 0
        var seen = Set<String>()
        var verified = 0
        for _ in 0..<Self.maxPages {
            let (page, _) = try self.page(ChangesQuery(since: since, limit: WireLimits.maxPageLimit))
            guard page.node == serverName else { throw CheckFailure("page.node is \(page.node), not \(serverName)") }
            guard page.next >= since else { throw CheckFailure("next \(page.next) is below since \(since)") }
            guard page.excludedHeads == nil else { throw CheckFailure("a page without exclude carries excluded_heads") }
            for entry in page.entries {
                let r = entry.revision
                seen.insert(r.revision.revisionID)
                let bytes = CanonicalEncoding.signingBytes(of: r.revision)
                if r.revision.author == serverName {
                    guard serverKey.isValidSignature(r.signature, for: bytes) else {
                        // A rotated key signs older revisions: not a failure the suite can judge.
                        continue
                    }
                    verified += 1
                } else if r.revision.author == options.name, key.publicKey.isValidSignature(r.signature, for: bytes) {
                    verified += 1
                }
            }
            if !page.hasMore {
                let missing = pushed.map(\.revision.revisionID).filter { !seen.contains($0) }
                guard missing.isEmpty else { throw CheckFailure("pushed revisions \(missing) are not in the log") }
                guard verified > 0 else { throw CheckFailure("no revision of the log verifies with its author's key") }
                return
            }
            guard page.next > since else { throw CheckFailure("has_more is true but next did not move past \(since)") }
            since = page.next
        }
        throw CheckSkipped("the log is longer than \(Self.maxPages) pages of \(WireLimits.maxPageLimit); checked those")
    }

    /// With `exclude=NAME` the suite's own revisions are left out, and the
    /// last page reports their highest counter in `excluded_heads`.
    func checkExclude() throws {
        _ = try requireServerKey()
        guard let last = pushed.last else { throw CheckSkipped("push-accepted did not pass") }
        var since: UInt64 = 0
        for _ in 0..<Self.maxPages {
            let (page, _) = try self.page(ChangesQuery(since: since, limit: WireLimits.maxPageLimit, exclude: options.name))
            if let own = page.entries.first(where: { WireRevision.node(ofActor: $0.revision.revision.dot.actor) == options.name }) {
                throw CheckFailure("exclude=\(options.name) still lists \(own.revision.revision.revisionID)")
            }
            if !page.hasMore {
                guard let heads = page.excludedHeads else { throw CheckFailure("the last page of an exclude request has no excluded_heads") }
                guard heads[options.name] >= last.revision.dot.counter else {
                    throw CheckFailure("excluded_heads[\(options.name)] is \(heads[options.name]), below the pushed \(last.revision.revisionID)")
                }
                return
            }
            guard page.excludedHeads == nil else { throw CheckFailure("a closed page (has_more: true) carries excluded_heads") }
            since = page.next
        }
        throw CheckSkipped("the log is longer than \(Self.maxPages) pages; checked those")
    }

    /// Closed pages carry a strong ETag and answer `If-None-Match` with a
    /// signed 304: the exact tag, the weak form of it, and `*`.
    func checkETag() throws {
        _ = try requireServerKey()
        let query = ChangesQuery(since: 0, limit: 1)
        let (page, response) = try self.page(query)
        guard page.hasMore else { throw CheckSkipped("the log has a single entry, so no page is closed") }
        guard let etag = response.headers["ETag"], etag.hasPrefix("\""), etag.hasSuffix("\""), etag.count >= 2 else {
            throw CheckFailure("a closed page has no strong ETag (got \(response.headers["ETag"] ?? "none"))")
        }
        guard response.headers["Cache-Control"]?.contains("immutable") == true else {
            throw CheckFailure("a closed page's Cache-Control is \(response.headers["Cache-Control"] ?? "missing"), expected immutable")
        }
        for condition in [etag, "W/" + etag, "*", "\"other\", " + etag] {
            let cached = try signed("GET", query.target, extra: ["If-None-Match": condition])
            try expect(cached, "GET", query.target, status: 304)
            guard cached.body.isEmpty, cached.headers["ETag"] == etag else {
                throw CheckFailure("If-None-Match: \(condition): the 304 must have an empty body and ETag \(etag)")
            }
        }
        let other = try signed("GET", query.target, extra: ["If-None-Match": "\"not-this-page\""])
        try expect(other, "GET", query.target, status: 200)
        guard other.body == response.body else { throw CheckFailure("a closed page changed between two requests") }
    }

    /// The last page may grow: `no-store`, no ETag, and `If-None-Match` never gives a 304.
    func checkOpenPage() throws {
        _ = try requireServerKey()
        let query = ChangesQuery(since: UInt64(Int64.max), limit: 1)
        let (_, response) = try self.page(query, extra: ["If-None-Match": "*"])
        guard response.headers["ETag"] == nil, response.headers["Cache-Control"] == "no-store" else {
            throw CheckFailure("an open page must have no ETag and Cache-Control: no-store (got ETag \(response.headers["ETag"] ?? "none"), Cache-Control \(response.headers["Cache-Control"] ?? "none"))")
        }
    }

    /// Malformed, percent-encoded and repeated parameters answer 400 `bad_request`.
    func checkQueryErrors() throws {
        _ = try requireServerKey()
        let targets = ["/v1/changes?limit=0", "/v1/changes?limit=1001", "/v1/changes?limit=%31", "/v1/changes?limit=+1",
                       "/v1/changes?since=-1", "/v1/changes?since=abc", "/v1/changes?since=18446744073709551616",
                       "/v1/changes?exclude=Not_A_Node", "/v1/changes?since=0&since=1", "/v1/changes?limit=1&limit=1",
                       "/v1/changes?since="]
        for target in targets {
            let response = try signed("GET", target)
            try expect(response, "GET", target, status: 400, code: "bad_request")
        }
    }

    /// `since` above 2^63-1 (no log reaches it): an empty last page with
    /// `next` equal to `since`.
    func checkHugeSince() throws {
        _ = try requireServerKey()
        for since in [UInt64(Int64.max) + 1, UInt64.max] {
            let (page, _) = try self.page(ChangesQuery(since: since, limit: 10))
            guard page.entries.isEmpty, !page.hasMore, page.next == since else {
                throw CheckFailure("since=\(since): expected an empty last page with next=\(since), got next=\(page.next), has_more=\(page.hasMore), \(page.entries.count) entries")
            }
        }
    }
}
