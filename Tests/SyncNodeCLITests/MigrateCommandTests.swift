import Foundation
import SyncStore
import TestSupport
import XCTest

/// `syncnode migrate` on a store from an older version: says what it
/// upgraded, then that there is nothing to do, and `--compact` gives the
/// freed pages back.
final class MigrateCommandTests: CLITestCase {
    func testMigrateReportsTheUpgradeThenNothingAndCompacts() throws {
        try initHome(name: "oldtown")
        try FileManager.default.removeItem(atPath: storePath)
        try FileManager.default.copyItem(atPath: Self.testDataPath + "/store-v1.sqlite", toPath: storePath)

        let refused = try atHome(["list"])
        XCTAssertEqual(refused.status, 65, "\(refused)")
        XCTAssertTrue(refused.stderr.contains("needs a schema upgrade"), refused.stderr)

        let upgraded = try succeed(["migrate"]).stdout
        XCTAssertTrue(upgraded.hasPrefix("upgraded the store at \(storePath): v2-peer-sync-state, "), upgraded)
        XCTAssertTrue(upgraded.contains("v6-text-once"), upgraded)
        XCTAssertEqual(try succeed(["migrate"]).stdout, "the store at \(storePath) was already up to date\n")

        let compacted = try jsonObject(["migrate", "--compact"])
        XCTAssertEqual(compacted["applied"] as? [String], [])
        let before = try XCTUnwrap(compacted["bytes_before_compact"] as? Double)
        let after = try XCTUnwrap(compacted["bytes"] as? Double)
        XCTAssertLessThanOrEqual(after, before)
        XCTAssertEqual(compacted["free_bytes"] as? Double, 0)

        // The data came through: search reads the texts from the log (v6).
        XCTAssertEqual(try jsonArray(["search", "gauges"]).compactMap { $0["id"] as? String }, ["oldtown.harbour"])
    }

    /// Compacting needs the only connection to the store: while another
    /// process reads it (here this test, standing in for `serve`), it fails,
    /// says what to do, and leaves the store as it was.
    func testCompactRefusesWhileAnotherProcessUsesTheStore() throws {
        try initHomeWithCities()
        let reader = try Store.open(at: storePath, readOnly: true)
        XCTAssertEqual(try reader.stats().articles, Self.fixtureArticles)
        let refused = try atHome(["migrate", "--compact"])
        XCTAssertNotEqual(refused.status, 0, "\(refused)")
        XCTAssertTrue(refused.stderr.contains("another process is using the store"), refused.stderr)
        XCTAssertEqual(try reader.stats().articles, Self.fixtureArticles)
        XCTAssertEqual(try jsonArray(["list", "--limit", "100"]).count, Self.fixtureArticles + Self.fixtureTalks)
    }
}
