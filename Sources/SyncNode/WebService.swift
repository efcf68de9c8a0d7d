import FoundationEssentials
import Synchronization
import HTTPServer
import SyncCore
import SyncProtocol
import SyncStore
import SyncWeb

/// The read-only web view and Atom feeds of `syncnode serve` (issue 14):
/// reads the store through read-only connections and hands plain values to
/// the pure renderers in SyncWeb. For browsers and feed readers, so unsigned
/// and without login; GET and HEAD only.
package final class WebService: Sendable {
    let pool: StorePool
    let nodeName: String
    let baseURL: String
    let log: Logger
    /// Filter choices, recomputed only when the change log moved: they take a
    /// scan of the documents, which a busy front page should not pay each time.
    let facetCache = Mutex<(seq: Int64, cities: [WebFacet], categories: [WebFacet])?>(nil)

    /// Sent with every answer: no script, no frames, nothing from elsewhere.
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
    ]
    static let html = "text/html; charset=utf-8"
    static let atom = "application/atom+xml; charset=utf-8"

    package init(home: NodeHome, nodeName: String, baseURL: String, log: Logger) {
        self.pool = StorePool(path: home.storePath, readOnly: true)
        self.nodeName = nodeName
        self.log = log
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
    }

    /// True for the paths the web view answers: all but the peer API.
    package static func handles(_ path: String) -> Bool {
        !(path == "/v1" || path.hasPrefix("/v1/") || path == "/metrics" || path == "/healthz")
    }

    package func respond(to request: HTTPRequest) -> HTTPResponse {
        let site = WebSite(nodeName: nodeName, baseURL: baseURL)
        guard request.method == "GET" || request.method == "HEAD" else {
            var r = page(405, WebPages(site: site).error(status: 405, message: "This is a read-only view: only GET and HEAD are allowed."))
            r.headers.add(name: "Allow", value: "GET, HEAD")
            return r
        }
        do {
            return try route(request)
        } catch {
            log.event("web_request_failed", ["path": request.path, "error": String(describing: error)])
            return page(500, WebPages(site: site).error(status: 500, message: "The node could not read its store just now; try again shortly."))
        }
    }

    func route(_ request: HTTPRequest) throws -> HTTPResponse {
        let route = WebRoute.parse(request.path)
        switch route {
        case .style:
            let check = ConditionalGet(headSeq: 0, key: WebStyle.css, lastModifiedMillis: nil)
            return conditional(check, request) { (200, "text/css; charset=utf-8", WebStyle.css) }
        case .notFound:
            return page(404, WebPages(site: WebSite(nodeName: nodeName, baseURL: baseURL))
                .error(status: 404, message: "There is no page at this address."))
        default:
            break
        }
        let searching: Bool
        switch route { case .search, .feed(.search): searching = true; default: searching = false }
        let query = WebQuery.parse(search: searching) { request.query($0) }
        return try pool.withStore { store in
            let last = try store.lastChange()
            let check = ConditionalGet(headSeq: last.seq, key: request.path + "?" + query.key, lastModifiedMillis: last.receivedAt)
            return try conditional(check, request) { try render(route, query: query, store: store, last: last) }
        }
    }

    /// 304 when the client's copy is current; else the rendered answer. The
    /// validators go only on 200s (a 404 must not be cached as current).
    func conditional(_ check: ConditionalGet, _ request: HTTPRequest,
                     _ render: () throws -> (status: Int, type: String, body: String)) rethrows -> HTTPResponse {
        var headers = HTTPHeaders()
        for (name, value) in Self.securityHeaders { headers.add(name: name, value: value) }
        if check.notModified(ifNoneMatch: request.headers.values(for: "If-None-Match"),
                             ifModifiedSince: request.headers["If-Modified-Since"]) {
            for (name, value) in check.headers { headers.add(name: name, value: value) }
            return HTTPResponse(status: 304, headers: headers)
        }
        let (status, type, body) = try render()
        headers.add(name: "Content-Type", value: type)
        if status == 200 { for (name, value) in check.headers { headers.add(name: name, value: value) } }
        return HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    func page(_ status: Int, _ body: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        for (name, value) in Self.securityHeaders { headers.add(name: name, value: value) }
        headers.add(name: "Content-Type", value: Self.html)
        headers.add(name: "Cache-Control", value: "no-store")
        return HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    func render(_ route: WebRoute, query: WebQuery, store: Store,
                last: (seq: Int64, receivedAt: UInt64?)) throws -> (status: Int, type: String, body: String) {
        var site = WebSite(nodeName: nodeName, baseURL: baseURL)
        switch route {
        case .front:
            (site.cities, site.categories) = try facets(store, seq: last.seq)
            let (items, more) = try listing(store, query)
            return (200, Self.html, WebPages(site: site).front(items, query: query, hasMore: more))
        case .city(let name), .category(let name):
            let isCity: Bool
            if case .city = route { isCity = true } else { isCity = false }
            var q = query
            if isCity { q.city = name } else { q.category = name }
            let (items, more) = try listing(store, q)
            return (200, Self.html, WebPages(site: site).scoped(isCity ? "city" : "category", name: name, items: items,
                                                                  query: q, hasMore: more))
        case .search:
            guard let text = query.text else { return (200, Self.html, WebPages(site: site).search([], query: query, hasMore: false)) }
            let hits = try store.search(text, limit: query.fetchLimit)
            let (items, more) = slice(hits, query)
            return (200, Self.html, WebPages(site: site).search(items, query: query, hasMore: more))
        case .document(let id):
            guard let doc = try document(id, store: store) else {
                return (404, Self.html, WebPages(site: site).error(status: 404, message: "This node holds no document with that id."))
            }
            return (200, Self.html, WebPages(site: site).document(doc))
        case .feed(let scope):
            return try feed(scope, query: query, store: store, fallback: last.receivedAt ?? 0)
        case .style, .notFound:
            return (404, Self.html, WebPages(site: site).error(status: 404, message: "There is no page at this address."))
        }
    }

    func facets(_ store: Store, seq: Int64) throws -> ([WebFacet], [WebFacet]) {
        if let cached = facetCache.withLock({ $0 }), cached.seq == seq { return (cached.cities, cached.categories) }
        let cities = try store.facetCounts("city").map { WebFacet(name: $0.name, count: $0.count) }
        let categories = try store.facetCounts("category").map { WebFacet(name: $0.name, count: $0.count) }
        facetCache.withLock { $0 = (seq, cities, categories) }
        return (cities, categories)
    }

    /// The page's rows of `list`, newest first; fetches up to the page (bounded by `WebQuery`).
    func listing(_ store: Store, _ q: WebQuery) throws -> ([WebSummary], Bool) {
        let rows = try store.list(ListFilter(kind: q.kind, category: q.category, city: q.city, tag: q.tag, limit: q.fetchLimit))
        return slice(rows, q)
    }

    func slice(_ rows: [DocumentSummary], _ q: WebQuery) -> ([WebSummary], Bool) {
        let page = rows.dropFirst(q.offset).prefix(q.perPage)
        let items = page.map {
            WebSummary(id: $0.id, kind: $0.kind, title: $0.title, city: $0.city, category: $0.category, date: $0.date,
                       tags: $0.tags, snippet: $0.snippet, inConflict: $0.conflictCount > 0)
        }
        return (items, rows.count > q.offset + q.perPage)
    }

    func document(_ id: String, store: Store) throws -> WebDocument? {
        guard let doc = try store.document(id, now: WallClock.nowMillis()) else { return nil }
        let history = try store.history(of: id)
        let shown = history.suffix(WebDocument.maxHistory).map(Self.webRevision)
        var result = WebDocument(id: id, kind: doc.kind, content: doc.content, deleted: doc.deleted, history: Array(shown),
                                 historyOmitted: history.count - shown.count)
        if doc.view.needsResolution {
            // Identical concurrent edits are one version to a reader.
            for s in doc.siblings where !result.versions.contains(where: {
                $0.revision.deleted == s.tombstone && $0.content == s.content }) {
                result.versions.append(WebVersion(revision: Self.webRevision(s), content: s.content))
            }
            result.conflictFields = doc.view.conflicts.map(\.field)
            result.deleteConflict = doc.view.deleteConflict
        }
        return result
    }

    static func webRevision(_ r: RevisionRecord) -> WebRevision { webRevision(r.revision) }

    static func webRevision(_ r: Revision) -> WebRevision {
        WebRevision(revisionID: r.revisionID, author: r.author, millis: r.timestamp.millis, deleted: r.tombstone)
    }

    func feed(_ scope: FeedScope, query: WebQuery, store: Store, fallback: UInt64) throws -> (status: Int, type: String, body: String) {
        let title: String, path: String, page: String
        var rows: [DocumentSummary]
        let limit = query.perPage
        switch scope {
        case .node:
            (title, path, page) = ("\(nodeName): newest articles and talks", WebLink.feed, WebLink.front)
            rows = try store.list(ListFilter(limit: limit))
        case .city(let name):
            (title, path, page) = ("\(nodeName): \(name)", WebLink.cityFeed(name), WebLink.city(name))
            rows = try store.list(ListFilter(city: name, limit: limit))
        case .category(let name):
            (title, path, page) = ("\(nodeName): \(name)", WebLink.categoryFeed(name), WebLink.category(name))
            rows = try store.list(ListFilter(category: name, limit: limit))
        case .search:
            guard let text = query.text else {
                let site = WebSite(nodeName: nodeName, baseURL: baseURL)
                return (400, Self.html, WebPages(site: site).error(status: 400, message: "A search feed needs the words to find: /search/feed.atom?q=WORDS"))
            }
            (title, path, page) = ("\(nodeName): search for “\(text)”", WebLink.with(WebLink.searchFeed, [("q", text)]),
                                   WebLink.with(WebLink.search, [("q", text)]))
            rows = try store.search(text, limit: limit)
        }
        var entries: [AtomEntry] = []
        for row in rows {
            guard let doc = try store.document(row.id, now: WallClock.nowMillis()) else { continue }
            let c = doc.content
            entries.append(AtomEntry(documentID: row.id, title: row.title,
                                     updatedMillis: doc.siblings.map(\.timestamp.millis).max() ?? 0,
                                     summary: c.text(doc.kind == .article ? "summary" : "abstract"),
                                     author: c.text("city").isEmpty ? doc.view.winner.author : c.text("city"),
                                     category: c.text("category"), language: HTML.languageTag(c.text("language"))))
        }
        let feed = AtomFeed(title: title, selfURL: baseURL + path, pageURL: baseURL + page, baseURL: baseURL,
                            entries: entries, fallbackUpdatedMillis: fallback)
        return (200, Self.atom, feed.render())
    }
}
