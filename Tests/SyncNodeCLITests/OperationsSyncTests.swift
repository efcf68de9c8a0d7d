import Foundation
import TestSupport
import XCTest

/// `syncnode sync` the way a timer runs it: one peer healthy, one down, one
/// hung. The healthy one must sync fully, the others fail fast with the
/// reason, back off across runs, and the exit status must say "some failed".
final class OperationsSyncTests: OperationsTestCase {
    func testOneHealthyOneRefusingOneHungPeer() throws {
        let birmingham = try makeNode("birmingham", importing: Self.citiesPath + "/birmingham")
        let singapore = try makeNode("singapore", importing: Self.citiesPath + "/singapore")
        let down = try makeNode("down-city")
        let hung = try makeNode("hung-city")
        let ownDocuments = try documents(birmingham)
        let singaporeDocuments = try documents(singapore)
        XCTAssertEqual([ownDocuments, singaporeDocuments], [5, 6], "Fixtures/cities/birmingham and singapore")

        try trust(birmingham, at: "https://127.0.0.1:1", in: singapore)
        let (server, url) = try serve(singapore)
        let refusing = try LoopbackListener(listening: false)
        let silent = try LoopbackListener(listening: true)
        defer { refusing.close(); silent.close() }
        try trust(singapore, at: url, in: birmingham)
        try trust(down, at: "https://127.0.0.1:\(refusing.port)", in: birmingham)
        try trust(hung, at: "https://127.0.0.1:\(silent.port)", in: birmingham)

        // First run: the healthy peer syncs both ways; the others fail, each with its reason.
        let started = Date()
        let (first, report) = try self.report(["sync", "--timeout", "3", "--attempts", "1"], in: birmingham)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(first.status, 69, "some peers failed: \(first)")
        XCTAssertLessThan(elapsed, 60, "a hung peer costs its timeout, not forever")
        XCTAssertEqual(report["ok"] as? Bool, false)
        let peers = Self.peerReports(report)
        XCTAssertEqual(Set(peers.keys), ["singapore", "down-city", "hung-city"])

        let healthy = try XCTUnwrap(peers["singapore"])
        XCTAssertEqual(healthy["status"] as? String, "ok")
        XCTAssertEqual(Self.int(healthy["attempts"]), 1)
        let pull = try XCTUnwrap(healthy["pull"] as? [String: Any])
        XCTAssertEqual(Self.int(pull["received"]), singaporeDocuments)
        XCTAssertEqual(Self.int(pull["applied"]), singaporeDocuments)
        XCTAssertEqual(Self.int(pull["rejected"]), 0)
        let push = try XCTUnwrap(healthy["push"] as? [String: Any])
        XCTAssertEqual(Self.int(push["applied"]), ownDocuments)
        XCTAssertEqual(Self.int(push["already_had"]), 0)

        let refused = try XCTUnwrap(peers["down-city"])
        XCTAssertEqual(refused["status"] as? String, "failed")
        XCTAssertTrue((refused["error"] as? String ?? "").contains("connection refused"), "\(refused)")
        XCTAssertTrue((refused["next_attempt"] as? String ?? "").hasSuffix("Z"), "an ISO 8601 time: \(refused)")
        let timedOut = try XCTUnwrap(peers["hung-city"])
        XCTAssertEqual(timedOut["status"] as? String, "failed")
        XCTAssertTrue((timedOut["error"] as? String ?? "").contains("timed out"), "\(timedOut)")
        XCTAssertTrue(first.stderr.contains("failed down-city: "), first.stderr)
        XCTAssertTrue(first.stderr.contains("failed hung-city: "), first.stderr)

        // Both sides hold everything now.
        for node in [birmingham, singapore] {
            XCTAssertEqual(try documents(node), ownDocuments + singaporeDocuments, node.name)
        }

        // status: the failed peers back off, the healthy one does not.
        var status = try peerStatus(birmingham)
        XCTAssertEqual(Self.int(status["singapore"]?["failures"]), 0)
        XCTAssertTrue(status["singapore"]?["next_attempt"] is NSNull)
        XCTAssertTrue(status["singapore"]?["last_success"] is String)
        XCTAssertEqual(Self.int(status["singapore"]?["pulled_seq"]), singaporeDocuments)
        for name in ["down-city", "hung-city"] {
            XCTAssertEqual(Self.int(status[name]?["failures"]), 1, name)
            XCTAssertTrue(status[name]?["next_attempt"] is String, "\(name): \(String(describing: status[name]))")
            XCTAssertTrue(status[name]?["last_success"] is NSNull, name)
        }
        XCTAssertTrue((status["down-city"]?["last_error"] as? String ?? "").contains("connection refused"))
        XCTAssertTrue((status["hung-city"]?["last_error"] as? String ?? "").contains("timed out"))

        // Second run, as the next timer tick: the failed peers are skipped, not retried.
        let (second, again) = try self.report(["sync", "--timeout", "3", "--attempts", "1"], in: birmingham)
        XCTAssertEqual(second.status, 69, "\(second)")
        let secondPeers = Self.peerReports(again)
        XCTAssertEqual(secondPeers["singapore"]?["status"] as? String, "ok")
        XCTAssertEqual(Self.int((secondPeers["singapore"]?["pull"] as? [String: Any])?["applied"]), 0, "nothing new")
        XCTAssertEqual(Self.int((secondPeers["singapore"]?["push"] as? [String: Any])?["applied"]), 0, "nothing new")
        for name in ["down-city", "hung-city"] {
            XCTAssertEqual(secondPeers[name]?["status"] as? String, "skipped", "\(String(describing: secondPeers[name]))")
            XCTAssertEqual(Self.int(secondPeers[name]?["attempts"]), 0, name)
            XCTAssertTrue((secondPeers[name]?["error"] as? String ?? "").contains("backing off"), name)
        }
        XCTAssertTrue(second.stderr.contains("skipped down-city: "), second.stderr)

        // --ignore-backoff tries them now; the failure count grows.
        let (third, forced) = try self.report(["sync", "--timeout", "1", "--attempts", "1", "--ignore-backoff"], in: birmingham)
        XCTAssertEqual(third.status, 69, "\(third)")
        XCTAssertEqual(Self.peerReports(forced)["down-city"]?["status"] as? String, "failed")
        XCTAssertEqual(Self.peerReports(forced)["hung-city"]?["status"] as? String, "failed")
        status = try peerStatus(birmingham)
        XCTAssertEqual(Self.int(status["down-city"]?["failures"]), 2)
        XCTAssertEqual(Self.int(status["hung-city"]?["failures"]), 2)

        // runs: three runs recorded, newest first, each partial.
        let runs = try jsonArray(["runs"], home: birmingham.home)
        XCTAssertEqual(runs.map { $0["outcome"] as? String }, ["partial", "partial", "partial"])
        XCTAssertEqual(runs.map { $0["kind"] as? String }, ["sync", "sync", "sync"])
        XCTAssertEqual(runs.compactMap { Self.int($0["id"]) }, [3, 2, 1])
        XCTAssertEqual((runs.last?["peers"] as? [[String: Any]])?.count, 3)

        XCTAssertEqual(server.stop(), 0, "serve exits 0 on SIGTERM: \(server.stderr)")
    }
}
