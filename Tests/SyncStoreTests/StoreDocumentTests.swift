import SyncCore
@testable import SyncStore
import XCTest

/// The derived document views: show, list with filters, tombstones, stats.
final class StoreDocumentTests: StoreTestCase {
    /// A view that is its winner's content is read from the log, not stored
    /// again; a merged view (differing from every sibling) is stored; import
    /// matching sees the same content either way.
    func testAViewIsStoredOnlyWhenItIsNotItsWinnersContent() throws {
        let created = try commit("alpha.doc", .article, Self.article("Harbour", summary: "Short"))
        try commit("alpha.gone", .article, Self.article("Gone"))
        try commit("alpha.gone", .article, Content(), tombstone: true)
        func storedView(_ id: String) throws -> String { try XCTUnwrap(store.db.firstRow("SELECT view FROM documents WHERE doc_id = ?", id)).string(0) }
        func candidates() throws -> [String: String] {
            var out: [String: String] = [:]
            try store.forEachImportCandidate { out[$0.id] = $0.contentJSON }
            return out
        }
        XCTAssertEqual(try storedView("alpha.doc"), "")
        XCTAssertEqual(try candidates()["alpha.doc"], Store.contentJSON(of: created.revision.content))

        // Concurrent edits of different fields: the view merges both.
        var title = created.revision.content
        title["title"] = .text("Harbour sensors")
        try commit("alpha.doc", .article, title)
        var summary = created.revision.content
        summary["summary"] = .text("Longer summary")
        try receive(Self.remote("alpha.doc", dot: "beta:1", context: ["alpha": 1], summary))
        let doc = try XCTUnwrap(store.document("alpha.doc", now: now))
        XCTAssertEqual(doc.content.text("title"), "Harbour sensors")
        XCTAssertEqual(doc.content.text("summary"), "Longer summary")
        XCTAssertEqual(try storedView("alpha.doc"), Store.contentJSON(of: doc.content), "a merged view is its own text")
        XCTAssertEqual(try candidates()["alpha.doc"], Store.contentJSON(of: doc.content))
        XCTAssertEqual(try candidates().count, 2, "a deleted document is a candidate too")
    }

    func testTheDocumentViewFollowsTheLatestRevision() throws {
        let first = try commit("alpha.doc", .article, Self.article("Harbour sensors", summary: "Short", category: "Open Data",
                                                                  city: "alpha", tags: ["open-data", "sensors"], date: "2022-03-01"))
        var doc = try XCTUnwrap(store.document("alpha.doc", now: now))
        XCTAssertEqual(doc.id, "alpha.doc")
        XCTAssertEqual(doc.kind, .article)
        XCTAssertEqual(doc.content, first.revision.content)
        XCTAssertFalse(doc.deleted)
        XCTAssertEqual(doc.winner, "alpha:1")
        XCTAssertEqual(doc.siblings.map(\.revisionID), ["alpha:1"])
        XCTAssertEqual(doc.clock, VersionVector(["alpha": 1]))
        XCTAssertEqual(doc.createdSeq, 1)
        XCTAssertEqual(doc.updatedSeq, 1)

        var edited = first.revision.content
        edited["summary"] = .text("Longer summary")
        edited["tags"] = .list(["sensors"])
        try commit("alpha.doc", .article, edited)
        doc = try XCTUnwrap(store.document("alpha.doc", now: now))
        XCTAssertEqual(doc.content, edited)
        XCTAssertEqual(doc.winner, "alpha:2")
        XCTAssertEqual(doc.createdSeq, 1)
        XCTAssertEqual(doc.updatedSeq, 2)
        let row = try XCTUnwrap(store.list(ListFilter()).first)
        XCTAssertEqual(row, DocumentSummary(id: "alpha.doc", kind: .article, title: "Harbour sensors", city: "alpha",
                                            category: "Open Data", date: "2022-03-01", tags: ["sensors"],
                                            siblingCount: 1, conflictCount: 0, snippet: nil, score: nil))
        XCTAssertNil(try store.document("alpha.unknown", now: now))
    }

    func testADeleteKeepsTheRowsButHidesTheDocument() throws {
        try commit("alpha.keep", .article, Self.article("Keep me", date: "2022-01-01"))
        try commit("alpha.gone", .talk, Self.talk("Delete me", date: "2022-01-02"))
        let tombstone = try commit("alpha.gone", .talk, Content(), tombstone: true)
        XCTAssertTrue(tombstone.revision.tombstone)
        XCTAssertEqual(tombstone.revision.content, Content())

        let doc = try XCTUnwrap(store.document("alpha.gone", now: now), "a deleted document is still there")
        XCTAssertTrue(doc.deleted)
        XCTAssertEqual(doc.kind, .talk)
        XCTAssertEqual(try store.history(of: "alpha.gone").map(\.revision.tombstone), [false, true])
        XCTAssertEqual(try store.history(of: "alpha.gone").first?.revision.content.text("title"), "Delete me")
        XCTAssertEqual(try store.db.firstRow("SELECT COUNT(*) FROM documents WHERE doc_id = 'alpha.gone'")?.int(0), 1)

        XCTAssertEqual(try store.list(ListFilter()).map(\.id), ["alpha.keep"])
        XCTAssertEqual(try store.list(ListFilter(kind: .talk)).map(\.id), [])
        XCTAssertEqual(try store.list(ListFilter(includeDeleted: true)).map(\.id), ["alpha.keep", "alpha.gone"],
                       "a tombstone has no date: it sorts last")
        XCTAssertEqual(try store.allDocumentIDs(includeDeleted: false), ["alpha.keep"])
        XCTAssertEqual(try store.allDocumentIDs(includeDeleted: true), ["alpha.gone", "alpha.keep"])

        let stats = try store.stats()
        XCTAssertEqual(stats.deleted, 1)
        XCTAssertEqual(stats.talks, 0)
        XCTAssertEqual(stats.articles, 1)
        XCTAssertEqual(stats.revisions, 3)

        // A write after the delete brings it back.
        try commit("alpha.gone", .talk, Self.talk("Back again", date: "2022-01-02"))
        XCTAssertEqual(try store.list(ListFilter(kind: .talk)).map(\.title), ["Back again"])
        XCTAssertFalse(try XCTUnwrap(store.document("alpha.gone", now: now)).deleted)
    }

    /// Six documents that differ in every filtered column.
    private func seedForFilters() throws {
        try commit("alpha.a1", .article, Self.article("Flood sensors", category: "Open Data", city: "rotterdam",
                                                       tags: ["open-data", "climate"], date: "2023-05-01"))
        try commit("alpha.a2", .article, Self.article("Plain letters", category: "Transforming Services", city: "rotterdam",
                                                       tags: ["customer-service"], date: "2022-04-11"))
        try commit("alpha.a3", .article, Self.article("Help points", category: "Digital Inclusion", city: "birmingham",
                                                       tags: ["digital-inclusion", "customer-service"], date: "2021-09-30"))
        try commit("alpha.a4", .article, Self.article("Undated note", category: "Open Data", city: "birmingham"))
        try commit("alpha.t1", .talk, Self.talk("Open data talk", category: "Open Data", city: "singapore",
                                                 tags: ["open-data"], date: "2023-02-28"))
        try commit("alpha.t2", .talk, Self.talk("Service talk", category: "Transforming Services", city: "new-york",
                                                 tags: ["customer-service", "smart-city"], date: "2022-06-16"))
    }

    func testListIsNewestFirstAndEveryFilterNarrowsIt() throws {
        try seedForFilters()
        func ids(_ f: ListFilter) throws -> [String] { try store.list(f).map(\.id) }

        XCTAssertEqual(try ids(ListFilter()), ["alpha.a1", "alpha.t1", "alpha.t2", "alpha.a2", "alpha.a3", "alpha.a4"],
                       "newest date first; undated last")
        XCTAssertEqual(try ids(ListFilter(kind: .article)), ["alpha.a1", "alpha.a2", "alpha.a3", "alpha.a4"])
        XCTAssertEqual(try ids(ListFilter(kind: .talk)), ["alpha.t1", "alpha.t2"])
        XCTAssertEqual(try ids(ListFilter(category: "Open Data")), ["alpha.a1", "alpha.t1", "alpha.a4"])
        XCTAssertEqual(try ids(ListFilter(category: "open data")), ["alpha.a1", "alpha.t1", "alpha.a4"], "case-insensitive")
        XCTAssertEqual(try ids(ListFilter(city: "birmingham")), ["alpha.a3", "alpha.a4"])
        XCTAssertEqual(try ids(ListFilter(city: "Rotterdam")), ["alpha.a1", "alpha.a2"])
        XCTAssertEqual(try ids(ListFilter(tag: "customer-service")), ["alpha.t2", "alpha.a2", "alpha.a3"])
        XCTAssertEqual(try ids(ListFilter(tag: "open")), [], "a tag matches whole, never a prefix")
        XCTAssertEqual(try ids(ListFilter(since: "2022-06-16")), ["alpha.a1", "alpha.t1", "alpha.t2"], "since is inclusive")
        XCTAssertEqual(try ids(ListFilter(since: "2024-01-01")), [])
        XCTAssertEqual(try ids(ListFilter(limit: 2)), ["alpha.a1", "alpha.t1"])
        XCTAssertEqual(try ids(ListFilter(kind: .article, category: "Open Data", city: "rotterdam", tag: "climate",
                                          since: "2023-01-01", limit: 10)), ["alpha.a1"], "filters combine")
        XCTAssertEqual(try ids(ListFilter(kind: .talk, city: "rotterdam")), [])

        let t2 = try XCTUnwrap(store.list(ListFilter(kind: .talk, tag: "smart-city")).first)
        XCTAssertEqual(t2.title, "Service talk")
        XCTAssertEqual(t2.date, "2022-06-16", "a talk's date is its event date")
        XCTAssertEqual(t2.tags, ["customer-service", "smart-city"])
        XCTAssertEqual(t2.category, "Transforming Services")
        XCTAssertEqual(t2.city, "new-york")
    }

    /// An edit that keeps a document's date and liveness is written without
    /// touching the list indexes; one that changes either moves it.
    func testAnEditMovesADocumentInTheListOnlyWhenItsDateOrDeletionChanges() throws {
        try seedForFilters()
        func ids(_ f: ListFilter = ListFilter()) throws -> [String] { try store.list(f).map(\.id) }
        let before = try ids()

        try commit("alpha.a2", .article, Self.article("Plainer letters", summary: "Shorter", category: "Transforming Services",
                                                       city: "rotterdam", tags: ["customer-service"], date: "2022-04-11"))
        XCTAssertEqual(try ids(), before, "same date: same place")
        XCTAssertEqual(try store.list(ListFilter(kind: .article)).map(\.title),
                       ["Flood sensors", "Plainer letters", "Help points", "Undated note"], "the new title is listed")

        try commit("alpha.a3", .article, Self.article("Help points", category: "Digital Inclusion", city: "birmingham",
                                                       date: "2024-01-02"))
        XCTAssertEqual(try ids(), ["alpha.a3", "alpha.a1", "alpha.t1", "alpha.t2", "alpha.a2", "alpha.a4"], "a new date moves it")
        XCTAssertEqual(try ids(ListFilter(kind: .article)), ["alpha.a3", "alpha.a1", "alpha.a2", "alpha.a4"])
        XCTAssertEqual(try ids(ListFilter(since: "2024-01-01")), ["alpha.a3"])

        try commit("alpha.a1", .article, Content(), tombstone: true)
        XCTAssertEqual(try ids(), ["alpha.a3", "alpha.t1", "alpha.t2", "alpha.a2", "alpha.a4"], "a delete takes it out")
        try commit("alpha.a1", .article, Self.article("Flood sensors", date: "2023-05-01"))
        XCTAssertEqual(try ids(), ["alpha.a3", "alpha.a1", "alpha.t1", "alpha.t2", "alpha.a2", "alpha.a4"], "and a write brings it back")

        // The receiving path writes rows the same way.
        let remote = Self.remote("beta.r1", dot: "beta:1", Self.article("Remote", date: "2020-01-01"))
        try receive(remote)
        try receive(Self.remote("beta.r1", dot: "beta:2", context: ["beta": 1], millis: now + 1,
                                Self.article("Remote, edited", date: "2020-01-01")))
        XCTAssertEqual(try ids().last, "alpha.a4", "undated stays last")
        XCTAssertEqual(try store.list(ListFilter(since: "2020-01-01")).last?.title, "Remote, edited")
        XCTAssertEqual(try store.db.firstRow("PRAGMA integrity_check")?.string(0), "ok", "every index agrees with its table")
    }

    func testStatsCountWhatTheStoreHolds() throws {
        try seedForFilters()
        try commit("alpha.a2", .article, Self.article("Plain letters, edited", city: "rotterdam"))
        try commit("alpha.a4", .article, Content(), tombstone: true)
        try receive(Self.remote("beta.b1", dot: "beta:1", Self.article("From beta", city: "")))
        let stats = try store.stats()
        XCTAssertEqual(stats.articles, 4)
        XCTAssertEqual(stats.talks, 2)
        XCTAssertEqual(stats.deleted, 1)
        XCTAssertEqual(stats.revisions, 9)
        XCTAssertEqual(stats.conflicts, 0)
        XCTAssertEqual(stats.headSeq, 9)
        XCTAssertEqual(stats.cities, ["rotterdam": 2, "birmingham": 1, "singapore": 1, "new-york": 1, "(none)": 1])
        XCTAssertGreaterThan(stats.fileBytes, 0)
    }
}
