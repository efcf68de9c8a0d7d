import Foundation
import TestSupport
import XCTest

/// Habits of git, curl and sqlite3 users: `--version`, and a document id
/// shortened to its first characters (or those of its random part).
final class VersionAndIDPrefixTests: CLITestCase {
    func testVersion() throws {
        let result = try syncnode(["--version"])
        XCTAssertEqual(result.status, 0, "\(result)")
        let line = result.stdout.trimmingCharacters(in: .newlines)
        XCTAssertNotNil(line.range(of: #"^syncnode \d+\.\d+\.\d+ \(sync protocol 1\)$"#, options: .regularExpression), line)
    }

    func testIDPrefixesWhereAnIDIsTaken() throws {
        try initHomeWithCities()
        let ids = try jsonArray(["list", "--limit", "1000"]).compactMap { $0["id"] as? String }.sorted()
        let id = try XCTUnwrap(ids.first)
        let random = String(try XCTUnwrap(id.split(separator: ".").last))
        // The shortest prefix of the random part that no other id shares.
        let unique = try XCTUnwrap((4...random.count).lazy.map { String(random.prefix($0)) }
            .first { p in ids.filter { $0.split(separator: ".").last!.hasPrefix(p) || $0.hasPrefix(p) }.count == 1 })

        XCTAssertEqual(try jsonObject(["show", unique])["id"] as? String, id)
        XCTAssertEqual(try jsonObject(["show", String(id.prefix(id.count - 3))])["id"] as? String, id)
        let edited = try succeed(["edit", unique, "--set", "category=Shortened"]).stdout
        XCTAssertTrue(edited.hasPrefix("\(id) is now at revision"), edited)
        XCTAssertEqual(try jsonObject(["show", id])["category"] as? String, "Shortened")

        let other = ids[1]
        let deleted = try succeed(["delete", String(other.prefix(other.count - 2))]).stdout
        XCTAssertTrue(deleted.hasPrefix("deleted \(other) "), deleted)

        // "birmingham." starts several ids: listed, exit 65.
        let node = String(id.split(separator: ".").first!)
        let ambiguous = try atHome(["show", node + "."])
        XCTAssertEqual(ambiguous.status, 65, "\(ambiguous)")
        XCTAssertTrue(ambiguous.stderr.contains("is ambiguous"), ambiguous.stderr)
        XCTAssertTrue(ambiguous.stderr.contains(id), ambiguous.stderr)

        let none = try atHome(["show", "zzzzzz"])
        XCTAssertEqual(none.status, 66, "\(none)")
        let short = try atHome(["show", String(random.prefix(3))])
        XCTAssertEqual(short.status, 66, "too short to be a prefix: \(short)")
    }
}
