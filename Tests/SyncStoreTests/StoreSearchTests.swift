import SyncCore
@testable import SyncStore
import XCTest

/// Full-text search: FTS5 with bm25 ranking (title weighs most) and snippets.
final class StoreSearchTests: StoreTestCase {
    static let longTitle = "A long report on the old lighthouse and the coastal path"

    /// Five documents; "lighthouse" is in one long title and one short body.
    /// Unweighted, bm25 would rank the short body first: only the title
    /// weight puts the title match on top.
    private func seed() throws {
        try commit("alpha.title", .article, Self.article(Self.longTitle, body: "Coastal work notes."))
        try commit("alpha.body", .article, Self.article("Coastal work", body: "Lighthouse repairs."))
        try commit("alpha.talk", .talk, Self.talk("Digital help points", abstract: "Walk-in help with online forms.",
                                                  notes: "Libraries host the help points."))
        try commit("alpha.other", .article, Self.article("Open data portal", summary: "Datasets for everyone."))
        try commit("alpha.more", .article, Self.article("Plain letters", body: "Rewriting letters in plain language."))
    }

    func testATitleMatchRanksAboveABodyOnlyMatch() throws {
        try seed()
        let hits = try store.search("lighthouse")
        XCTAssertEqual(hits.map(\.id), ["alpha.title", "alpha.body"])
        let scores = hits.compactMap(\.score)
        XCTAssertEqual(scores.count, 2)
        XCTAssertGreaterThan(scores[0], scores[1], "higher score is better, and the title match scores higher")
        XCTAssertGreaterThan(scores[1], 0)
        XCTAssertEqual(hits[0].title, Self.longTitle)
        XCTAssertEqual(hits[0].kind, .article)
    }

    func testSnippetsMarkTheMatchedWordsInBrackets() throws {
        try seed()
        let hits = try store.search("lighthouse")
        XCTAssertEqual(hits.first?.snippet, "A long report on the old [lighthouse] and the coastal path")
        XCTAssertEqual(hits.last?.snippet, "[Lighthouse] repairs.", "the snippet keeps the text's own case")

        // Talks are searched in their abstract and notes; every word must match.
        let talk = try store.search("help points")
        XCTAssertEqual(talk.map(\.id), ["alpha.talk"])
        XCTAssertTrue(try XCTUnwrap(talk.first?.snippet).contains("[help] [points]"), "\(talk)")
        XCTAssertEqual(try store.search("help lighthouse").map(\.id), [], "all words are required")
    }

    func testPrefixQueriesAndLiteralOperators() throws {
        try seed()
        XCTAssertEqual(try store.search("light*").map(\.id), ["alpha.title", "alpha.body"])
        XCTAssertEqual(try store.search("light").map(\.id), [], "without * a word matches whole")
        XCTAssertEqual(try store.search("DATASETS").map(\.id), ["alpha.other"], "case-insensitive")
        // FTS5 syntax is taken literally rather than failing.
        XCTAssertEqual(try store.search("\"lighthouse").map(\.id), ["alpha.title", "alpha.body"])
        XCTAssertEqual(try store.search("lighthouse OR letters").map(\.id), [], "OR is a word here, not an operator")
        XCTAssertEqual(try store.search("title:lighthouse").count, 0)
        XCTAssertEqual(try store.search("   "), [])
        XCTAssertEqual(try store.search("*"), [])
        XCTAssertEqual(try store.search("lighthouse", limit: 1).map(\.id), ["alpha.title"])
    }

    func testQuotedPhrasesMatchAdjacentWordsInOrder() throws {
        try seed()
        try commit("alpha.apart", .article, Self.article("Points of help", body: "Help desks and meeting points."))
        XCTAssertEqual(Set(try store.search("help points").map(\.id)), ["alpha.talk", "alpha.apart"])
        XCTAssertEqual(try store.search("\"help points\"").map(\.id), ["alpha.talk"], "adjacent and in order only")
        XCTAssertEqual(try store.search("\"points help\"").map(\.id), [])
        XCTAssertEqual(try store.search("\"help points\" libraries").map(\.id), ["alpha.talk"], "a phrase and a word")
        XCTAssertEqual(try store.search("\"help po\"*").map(\.id), ["alpha.talk"], "a prefix phrase")
        XCTAssertEqual(try store.search("\"old lighthouse").map(\.id), ["alpha.title"], "an unclosed quote runs to the end")
        XCTAssertEqual(try store.search("\"coastal path\"").first?.snippet,
                       "A long report on the old lighthouse and the [coastal path]", "a phrase is marked as one")
    }

    func testTheQueryTextBecomesQuotedFTSTerms() {
        XCTAssertEqual(Store.ftsQuery("open data"), "\"open\" \"data\"")
        XCTAssertEqual(Store.ftsQuery("\"open data\" city*"), "\"open data\" \"city\"*")
        XCTAssertEqual(Store.ftsQuery("\"open dat\"* NEAR"), "\"open dat\"* \"NEAR\"")
        XCTAssertEqual(Store.ftsQuery("a\"b \"\" \"-\" *"), "\"a\"\"b\"", "empty and punctuation-only terms are dropped")
    }

    func testADeletedDocumentIsNotFound() throws {
        try seed()
        try commit("alpha.title", .article, Content(), tombstone: true)
        XCTAssertEqual(try store.search("lighthouse").map(\.id), ["alpha.body"])
        // Nor is it left in the index behind the documents table's back.
        XCTAssertEqual(try store.db.firstRow("SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH 'report'")?.int(0), 0)
        // Restored, it is found again.
        try commit("alpha.title", .article, Self.article(Self.longTitle))
        XCTAssertEqual(try store.search("lighthouse").map(\.id), ["alpha.title", "alpha.body"])
    }

    func testAnEditReindexesTheDocument() throws {
        try seed()
        try commit("alpha.more", .article, Self.article("Plain letters", body: "Rewritten with a glossary for residents."))
        XCTAssertEqual(try store.search("language").map(\.id), [], "the old words are gone")
        XCTAssertEqual(try store.search("glossary").map(\.id), ["alpha.more"], "the new words are found")
        XCTAssertEqual(try store.search("letters").map(\.id), ["alpha.more"], "unchanged words are still found")
        XCTAssertEqual(try store.search("glossary").first?.snippet?.contains("[glossary]"), true)
        // The index is consistent with its content table.
        try store.db.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)")
    }

    func testReceivedRevisionsAreSearchableToo() throws {
        try seed()
        try receive(Self.remote("beta.x", .talk, dot: "beta:1", Self.talk("Harbour lighthouse tour")))
        let hits = try store.search("lighthouse").map(\.id)
        XCTAssertEqual(Set(hits), ["alpha.title", "alpha.body", "beta.x"])
        XCTAssertEqual(hits.last, "alpha.body", "both title matches rank above the body-only match")
    }
}
