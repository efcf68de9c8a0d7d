import Foundation
import TestSupport
import XCTest

/// What SIGTERM does to a node (a reboot, `systemctl stop`, an impatient
/// operator): a pull dies between or inside page transactions and leaves a
/// consistent prefix that the next pull completes; `serve` stops gracefully.
final class OperationsSignalTests: OperationsTestCase {
    static let syntheticCount = 3_000

    static func syntheticTitle(_ i: Int) -> String {
        "Synthetic article " + String(repeating: "0", count: max(0, 4 - String(i).count)) + String(i)
    }

    func testSIGTERMDuringAPullLeavesAConsistentPrefixThatTheNextPullCompletes() throws {
        var lines = ""
        for i in 1...Self.syntheticCount {
            lines += #"{"kind":"article","title":"\#(Self.syntheticTitle(i))","summary":"Small synthetic record \#(i) for the interrupted pull test.","city":"rotterdam","tags":["synthetic"]}"# + "\n"
        }
        let records = try tmp.write("synthetic.jsonl", lines)
        let server = try makeNode("rotterdam", importing: records)
        let puller = try makeNode("birmingham")
        XCTAssertEqual(try documents(server), Self.syntheticCount)
        try trust(puller, at: "https://127.0.0.1:1", in: server)
        let (serving, url) = try serve(server)
        try trust(server, at: url, in: puller)

        // Start the pull; once its first page has committed, SIGTERM it by PID.
        let pull = try start(["pull", "--home", puller.home, "--json"], stderr: "pull.log")
        var seenBeforeSignal = 0
        try poll(while: pull, within: 120) {
            seenBeforeSignal = Self.int(try peerStatus(puller)["rotterdam"]?["pulled_seq"]) ?? 0
            return seenBeforeSignal > 0
        }
        pull.send(SIGTERM)
        let status = pull.waitForExit(within: 20)
        XCTAssertGreaterThan(seenBeforeSignal, 0, "the first page never committed: \(pull.stderr)")
        XCTAssertEqual(status, 128 + SIGTERM, "pull has no SIGTERM handler: it dies at once (stdout \(pull.stdout))")

        // The store opens and answers; what it holds is exactly the checkpointed prefix.
        let checkpoint = try XCTUnwrap(Self.int(try peerStatus(puller)["rotterdam"]?["pulled_seq"]))
        XCTAssertGreaterThanOrEqual(checkpoint, seenBeforeSignal)
        XCTAssertLessThan(checkpoint, Self.syntheticCount, "the signal landed mid-pull")
        let interrupted = try stats(puller)
        XCTAssertEqual(Self.int(interrupted["articles"]), checkpoint, "documents = pulled_seq: no page half-applied")
        XCTAssertEqual(Self.int(interrupted["revisions"]), checkpoint)
        let titles = try jsonArray(["list", "--limit", "10000"], home: puller.home).compactMap { $0["title"] as? String }
        XCTAssertEqual(Set(titles), Set((1...checkpoint).map(Self.syntheticTitle)), "the first pulled_seq entries of the peer's log, in order")
        let id = try XCTUnwrap(try jsonArray(["list", "--limit", "1"], home: puller.home).first?["id"] as? String)
        let shown = try jsonObject(["show", id], home: puller.home)
        XCTAssertTrue((shown["title"] as? String ?? "").hasPrefix("Synthetic article "), "\(shown)")
        XCTAssertEqual(shown["id"] as? String, id)

        // The next pull resumes from the checkpoint: everything, nothing twice.
        let resumed = try jsonObject(["pull"], home: puller.home)
        let report = try XCTUnwrap(Self.peerReports(resumed)["rotterdam"]?["pull"] as? [String: Any], "\(resumed)")
        XCTAssertEqual(Self.int(report["received"]), Self.syntheticCount - checkpoint)
        XCTAssertEqual(Self.int(report["applied"]), Self.syntheticCount - checkpoint)
        XCTAssertEqual(Self.int(report["already_had"]), 0, "resumed after the checkpoint, not from the start")
        let complete = try stats(puller)
        let served = try stats(server)
        XCTAssertEqual(Self.int(complete["articles"]), Self.syntheticCount)
        XCTAssertEqual(Self.int(complete["revisions"]), Self.int(served["revisions"]))
        XCTAssertEqual(Self.int(complete["conflicts"]), 0)
        XCTAssertEqual(Self.int(try peerStatus(puller)["rotterdam"]?["pulled_seq"]), Self.int(served["head_seq"]))
        XCTAssertEqual(Set(try jsonArray(["list", "--limit", "10000"], home: puller.home).compactMap { $0["title"] as? String }).count,
                       Self.syntheticCount, "no duplicates")

        XCTAssertEqual(serving.stop(), 0)
    }

    /// A new node's first import writes through SQLite's rollback journal
    /// (`Store.withRollbackJournalIfFirstLoad`). Killed outright once its
    /// pages spill into the store file, it leaves a hot journal; the next
    /// command, a read-only one, sees the store as it was, and the same
    /// import then runs whole.
    func testSIGKILLDuringAFirstImportLeavesTheStoreAsItWasAndTheImportRunsAgain() throws {
        let count = 12_000
        let body = String(repeating: "Shared services, customer contact and digital channels for citizens. ", count: 40)
        var lines = ""
        for i in 1...count {
            lines += #"{"kind":"article","title":"\#(Self.syntheticTitle(i))","summary":"Record \#(i) of the killed import.","body":"\#(body) \#(i)","city":"birmingham"}"# + "\n"
        }
        let records = try tmp.write("first-load.jsonl", lines)
        let node = try makeNode("birmingham")
        let storePath = node.home + "/store.sqlite"
        let emptySize = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: storePath)[.size] as? Int)

        let load = try start(["import", records, "--home", node.home], stderr: "import.log")
        // Pages spill into the file once the bulk page cache (32 MB) is full: the file is part-written.
        let spilled = poll(while: load, within: 120) {
            let size = (try? FileManager.default.attributesOfItem(atPath: storePath)[.size] as? Int) ?? 0
            return size > emptySize + 4_000_000 && FileManager.default.fileExists(atPath: storePath + "-journal")
        }
        load.send(SIGKILL)
        XCTAssertEqual(load.waitForExit(within: 20), 128 + SIGKILL)
        XCTAssertTrue(spilled, "the import ended before its pages spilled into the store file: \(load.stderr)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: storePath + "-journal"), "a hot journal is left behind")

        // A read-only command first: it must not read the part-written file.
        XCTAssertEqual(try jsonArray(["list"], home: node.home).count, 0)
        XCTAssertEqual(Self.int(try stats(node)["articles"]), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: storePath + "-journal"), "rolled back")
        try succeed(["doctor"], home: node.home)

        // The same import again: whole, once.
        try succeed(["import", records], home: node.home)
        XCTAssertEqual(Self.int(try stats(node)["articles"]), count)
        XCTAssertEqual(try jsonArray(["search", "\"killed import\"", "--limit", "5"], home: node.home).count, 5)
    }

    func testSIGTERMStopsServeWithAScheduledSyncGracefully() throws {
        let singapore = try makeNode("singapore", importing: Self.citiesPath + "/singapore")
        let birmingham = try makeNode("birmingham", importing: Self.citiesPath + "/birmingham")
        try trust(birmingham, at: "https://127.0.0.1:1", in: singapore)
        let (_, singaporeURL) = try serve(singapore)
        try trust(singapore, at: singaporeURL, in: birmingham)

        // Birmingham serves and syncs with Singapore every second, in one process.
        let (scheduled, _) = try serve(birmingham, ["--sync-every", "1s"])
        XCTAssertTrue(scheduled.waitForLog("sync_run failed=0 peers=1", within: 30), scheduled.stderr)
        XCTAssertEqual(try documents(birmingham), 11, "the scheduled run pulled Singapore's 6")

        scheduled.send(SIGTERM)
        let status = scheduled.waitForExit(within: 20)
        XCTAssertEqual(status, 0, "graceful: exit 0, not killed by the signal: \(scheduled.stderr)")
        XCTAssertFalse(scheduled.wasSignalled)
        let events = scheduled.stderr.split(separator: "\n").map { $0.split(separator: " ").dropFirst().first.map(String.init) ?? "" }
        XCTAssertEqual(events.first, "serving")
        XCTAssertEqual(events.last, "stopped", scheduled.stderr)
        XCTAssertEqual(events.filter { $0 == "stopping" }.count, 1, scheduled.stderr)
        XCTAssertTrue(scheduled.stderr.contains("stopping reason=signal"), scheduled.stderr)
        XCTAssertTrue(try jsonArray(["runs"], home: birmingham.home).allSatisfy { $0["kind"] as? String == "scheduled" && $0["outcome"] as? String == "ok" },
                      "every scheduled run finished, none left running")
    }
}
