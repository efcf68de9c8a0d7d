import Foundation
import XCTest

/// `import` of the city fixtures, then `list`, `search`, `show` and `stats`.
final class QueryCommandTests: CLITestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try initHomeWithCities()
    }

    func testImportBringsInAllTwentyFiveRecords() throws {
        let rows = try jsonArray(["list", "--limit", "1000"])
        XCTAssertEqual(rows.count, 25)
        XCTAssertEqual(rows.filter { $0["kind"] as? String == "article" }.count, Self.fixtureArticles)
        XCTAssertEqual(rows.filter { $0["kind"] as? String == "talk" }.count, Self.fixtureTalks)
        XCTAssertEqual(Set(rows.compactMap { $0["id"] as? String }).count, 25, "ids are unique")
        for row in rows {
            let id = try XCTUnwrap(row["id"] as? String)
            XCTAssertTrue(id.hasPrefix("testville."), "ids are minted by this node: \(id)")
        }
        // Titles from each format: JSON array, single JSON object, JSON Lines, Markdown.
        let titles = Set(rows.compactMap { $0["title"] as? String })
        for title in ["BRUM and Birmingham's customer service strategy",
                      "Jointly Building an Open and Innovative Platform and Rising to Development Challenges of the Times",
                      "One front door for municipal customer service",
                      "Example: sharing digital inclusion lessons with partner cities"] {
            XCTAssertTrue(titles.contains(title), title)
        }
    }

    func testListJSONHasTheDocumentedFieldsAndIsNewestFirst() throws {
        let rows = try jsonArray(["list"])
        XCTAssertEqual(rows.count, 25)
        for row in rows {
            for key in ["id", "kind", "title", "city", "category", "date"] {
                XCTAssertNotNil(row[key] as? String, "\(key) missing or not a string in \(row)")
            }
            XCTAssertNotNil(row["tags"] as? [String], "\(row)")
            XCTAssertTrue(["article", "talk"].contains(row["kind"] as? String ?? ""), "\(row)")
            XCTAssertFalse((row["title"] as? String ?? "").isEmpty)
        }
        let dates = rows.compactMap { $0["date"] as? String }.filter { !$0.isEmpty }
        XCTAssertEqual(dates, dates.sorted(by: >), "newest first")
        XCTAssertEqual(rows.first?["title"] as? String,
                       "Opening city testbeds to start-ups through challenge-based procurement")
        XCTAssertEqual(rows.first?["date"] as? String, "2023-08-29")
    }

    func testListFilters() throws {
        func list(_ args: [String]) throws -> [[String: Any]] { try jsonArray(["list"] + args) }

        let talks = try list(["talks"])
        XCTAssertEqual(talks.count, Self.fixtureTalks)
        XCTAssertTrue(talks.allSatisfy { $0["kind"] as? String == "talk" })
        XCTAssertEqual(try list(["articles"]).count, Self.fixtureArticles)

        for (city, count) in ["birmingham": 5, "new-york": 7, "rotterdam": 7, "singapore": 6] {
            let rows = try list(["--city", city])
            XCTAssertEqual(rows.count, count, city)
            XCTAssertTrue(rows.allSatisfy { $0["city"] as? String == city }, city)
        }
        let openData = try list(["--category", "Open Data"])
        XCTAssertEqual(openData.count, 5)
        XCTAssertTrue(openData.allSatisfy { $0["category"] as? String == "Open Data" })

        let tagged = try list(["--tag", "customer-service"])
        XCTAssertEqual(tagged.count, 11)
        XCTAssertTrue(tagged.allSatisfy { ($0["tags"] as? [String] ?? []).contains("customer-service") })

        let recent = try list(["--since", "2023-01-01"])
        XCTAssertEqual(recent.count, 8)
        XCTAssertTrue(recent.allSatisfy { ($0["date"] as? String ?? "") >= "2023-01-01" })

        XCTAssertEqual(try list(["--limit", "3"]).map { $0["id"] as? String }, try list([]).prefix(3).map { $0["id"] as? String })
        let combined = try list(["talks", "--city", "singapore", "--since", "2023-01-01"])
        XCTAssertEqual(combined.map { $0["title"] as? String }, ["What open data taught us about customer service"])
        XCTAssertEqual(try list(["--city", "atlantis"]).count, 0)

        let cut = try atHome(["list", "--limit", "3"])
        XCTAssertEqual(cut.status, 0, "\(cut)")
        XCTAssertEqual(cut.stdout.split(separator: "\n").count, 2 + 3, cut.stdout)
        XCTAssertEqual(cut.stderr, "3 of 25 shown; --limit N for more\n", "a truncated list says so, on stderr")
        XCTAssertEqual(try atHome(["list", "talks", "--limit", "2"]).stderr, "2 of \(Self.fixtureTalks) shown; --limit N for more\n")
        XCTAssertEqual(try atHome(["list", "--tag", "customer-service", "--limit", "10"]).stderr,
                       "10 of 11 shown; --limit N for more\n")
        XCTAssertEqual(try atHome(["list", "--limit", "25"]).stderr, "", "the whole list needs no note")
        XCTAssertEqual(try atHome(["list", "--limit", "3", "--json"]).stderr, "", "--json is unchanged")

        let plain = try succeed(["list", "--city", "atlantis"])
        XCTAssertEqual(plain.stdout, "No documents match.\n")
        let table = try succeed(["list", "talks", "--city", "birmingham"])
        let lines = table.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, table.stdout)
        XCTAssertTrue(lines[0].hasPrefix("ID"), table.stdout)
        XCTAssertTrue(lines[0].hasSuffix("TITLE"), table.stdout)
        XCTAssertTrue(lines[2].contains("2021-11-18"), table.stdout)
    }

    func testSearchFindsCustomerServiceBestFirstWithSnippets() throws {
        let hits = try jsonArray(["search", "customer service"])
        XCTAssertFalse(hits.isEmpty)
        let scores = hits.compactMap { $0["score"] as? Double }
        XCTAssertEqual(scores.count, hits.count, "every hit has a score")
        XCTAssertEqual(scores, scores.sorted(by: >), "best first")
        for hit in hits {
            let snippet = try XCTUnwrap(hit["snippet"] as? String, "\(hit)")
            XCTAssertTrue(snippet.lowercased().contains("[customer]") || snippet.lowercased().contains("[service]"),
                          "snippet without a marked match: \(snippet)")
            XCTAssertNotNil(hit["id"] as? String)
            XCTAssertNotNil(hit["title"] as? String)
        }
        let cities = Set(hits.compactMap { $0["city"] as? String })
        XCTAssertTrue(cities.contains("singapore"), "\(cities)")
        XCTAssertTrue(cities.contains("birmingham"), "\(cities)")
        let titles = hits.compactMap { $0["title"] as? String }
        XCTAssertTrue(titles.contains("One front door for municipal customer service"), "\(titles)")
        XCTAssertTrue(titles.contains("BRUM and Birmingham's customer service strategy"), "\(titles)")

        XCTAssertEqual(try jsonArray(["search", "customer", "service", "--limit", "2"]).count, 2)
        XCTAssertEqual(try jsonArray(["search", "zeppelin"]).count, 0)
        // A quoted phrase finds the words next to each other, in order; a trailing * is a prefix.
        func ids(_ args: [String]) throws -> Set<String> { Set(try jsonArray(["search"] + args + ["--limit", "100"]).compactMap { $0["id"] as? String }) }
        let words = try ids(["customer", "service"])
        let phrase = try ids(["\"customer service\""])
        XCTAssertFalse(phrase.isEmpty)
        XCTAssertTrue(phrase.isSubset(of: words))
        XCTAssertLessThan(try ids(["\"service customer\""]).count, words.count)
        XCTAssertEqual(try ids(["\"customer serv\"*"]), phrase)
        XCTAssertEqual(try succeed(["search", "zeppelin"]).stdout, "No matches for \"zeppelin\".\n")
        let plain = try succeed(["search", "customer", "service", "--limit", "1"])
        XCTAssertTrue(plain.stdout.hasPrefix("1. "), plain.stdout)
        XCTAssertTrue(plain.stdout.contains("["), plain.stdout)
    }

    func testShowJSONHasEveryFieldOfTheKind() throws {
        let articleID = try id(ofTitle: "One front door for municipal customer service")
        let article = try jsonObject(["show", articleID])
        for field in ["title", "summary", "body", "category", "tags", "city", "language", "published_date",
                      "source_url", "organisation", "id", "kind", "deleted", "revision", "siblings", "clock", "conflicts"] {
            XCTAssertNotNil(article[field], "article field \(field) missing: \(article.keys.sorted())")
        }
        XCTAssertEqual(article["id"] as? String, articleID)
        XCTAssertEqual(article["kind"] as? String, "article")
        XCTAssertEqual(article["city"] as? String, "singapore")
        XCTAssertEqual(article["published_date"] as? String, "2022-05-09")
        XCTAssertEqual(article["source_url"] as? String, "https://example.org/singapore/one-front-door")
        XCTAssertEqual(article["tags"] as? [String], ["customer-service", "example-content", "smart-city", "transforming-services"])
        XCTAssertTrue((article["body"] as? String ?? "").hasPrefix("Residents rarely think in terms of departments."))
        XCTAssertEqual(article["deleted"] as? Bool, false)
        XCTAssertEqual((article["siblings"] as? [String])?.count, 1)

        let talkID = try id(ofTitle: "Jointly Building an Open and Innovative Platform and Rising to Development Challenges of the Times")
        let talk = try jsonObject(["show", talkID])
        for field in ["title", "speaker", "speaker_role", "event", "event_date", "abstract", "notes", "media_url",
                      "city", "category", "tags"] {
            XCTAssertNotNil(talk[field], "talk field \(field) missing: \(talk.keys.sorted())")
        }
        XCTAssertEqual(talk["speaker"] as? String, "Councillor Ian Ward")
        XCTAssertEqual(talk["event_date"] as? String, "2021-11-18")
        XCTAssertEqual(talk["notes"] as? String, "", "an empty field is present as \"\"")
        XCTAssertEqual(talk["media_url"] as? String, "")
        XCTAssertEqual(talk["tags"] as? [String], ["open-innovation", "partner-cities", "wicco"])

        let plain = try succeed(["show", talkID])
        XCTAssertTrue(plain.stdout.hasPrefix("Jointly Building an Open and Innovative Platform"), plain.stdout)
        XCTAssertTrue(plain.stdout.contains("speaker: Councillor Ian Ward"), plain.stdout)
        XCTAssertTrue(plain.stdout.contains("id: \(talkID)"), plain.stdout)
    }

    func testShowOfAnUnknownIDExits66() throws {
        let result = try atHome(["show", "testville.doesnotexist"])
        XCTAssertEqual(result.status, 66, "\(result)")
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.hasPrefix("Error: no document with id 'testville.doesnotexist'"), result.stderr)
    }

    func testStatsJSONCountsTheImport() throws {
        let stats = try jsonObject(["stats"])
        XCTAssertEqual(stats["node"] as? String, "testville")
        XCTAssertEqual(stats["articles"] as? Int, Self.fixtureArticles)
        XCTAssertEqual(stats["talks"] as? Int, Self.fixtureTalks)
        XCTAssertEqual(stats["deleted"] as? Int, 0)
        XCTAssertEqual(stats["revisions"] as? Int, 25)
        XCTAssertEqual(stats["head_seq"] as? Int, 25)
        XCTAssertEqual(stats["conflicts"] as? Int, 0)
        XCTAssertEqual(stats["cities"] as? [String: Int], ["birmingham": 5, "new-york": 7, "rotterdam": 7, "singapore": 6])
        XCTAssertGreaterThan(stats["store_bytes"] as? Int ?? 0, 0)
        let plain = try succeed(["stats"])
        XCTAssertTrue(plain.stdout.contains("articles:   18\n"), plain.stdout)
        XCTAssertTrue(plain.stdout.contains("cities:     birmingham 5, new-york 7, rotterdam 7, singapore 6\n"), plain.stdout)
    }

    /// Reading commands open the store read-only and never change it.
    func testQueryCommandsDoNotWriteTheStore() throws {
        let afterImport = storeDigests()
        XCTAssertEqual(afterImport["wal"], "absent", "the importing process checkpointed and closed the store")
        let id = try id(ofTitle: "One front door for municipal customer service")
        // The first reader may leave SQLite's empty WAL and index files; never data.
        XCTAssertEqual(Self.digest(storePath), afterImport["store"])
        XCTAssertTrue(["absent", Self.emptyDigest].contains(Self.digest(storePath + "-wal")))
        let steady = storeDigests()
        for arguments in [["list"], ["list", "--json"], ["list", "talks", "--city", "rotterdam"],
                          ["search", "customer", "service"], ["search", "open", "data", "--json"],
                          ["show", id], ["show", id, "--json", "--history"], ["stats"], ["stats", "--json"],
                          ["whoami"], ["export"]] {
            try succeed(arguments)
            XCTAssertEqual(storeDigests(), steady, "syncnode \(arguments.joined(separator: " ")) changed the store files")
        }
        XCTAssertEqual(Self.digest(storePath), afterImport["store"])
    }
}
