import Foundation
import Subprocess
import TestSupport
import XCTest

/// `syncnode demo`: three real server processes federated over TLS. It must
/// succeed, report what it found, and leave nothing behind (unless --keep).
final class DemoTests: CLITestCase {
    static let cities = ["birmingham", "singapore", "new-york"]

    func runDemo(_ extra: [String]) throws -> (result: ProcessRunner.Result, summary: [String: Any]) {
        let result = try syncnode(["demo", "--json", "--project", Self.repositoryRoot] + extra)
        let value = try? JSONSerialization.jsonObject(with: result.stdoutData)
        let summary = try XCTUnwrap(value as? [String: Any], "demo --json printed no JSON object: \(result)")
        return (result, summary)
    }

    /// The checks both runs share; returns the nodes.
    func assertSucceeded(_ summary: [String: Any], file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        XCTAssertEqual(summary["ok"] as? Bool, true, "\(summary)", file: file, line: line)
        XCTAssertEqual(summary["every_node_holds_every_fixture"] as? Bool, true, file: file, line: line)
        XCTAssertEqual(summary["merged_view_identical"] as? Bool, true, file: file, line: line)
        XCTAssertEqual(summary["field_merge_clean"] as? Bool, true, file: file, line: line)
        XCTAssertEqual(summary["conflict_identical"] as? Bool, true, file: file, line: line)
        XCTAssertEqual(summary["conflict_fields"] as? [String], ["title"], file: file, line: line)
        XCTAssertEqual(summary["search_found_other_citys_talk"] as? Bool, true, file: file, line: line)
        let fixtures = (summary["fixtures"] as? NSNumber)?.intValue
        XCTAssertEqual(fixtures, 18, "Fixtures/cities/{birmingham,singapore,new-york}", file: file, line: line)

        let directory = try XCTUnwrap(summary["directory"] as? String, file: file, line: line)
        let nodes = try XCTUnwrap(summary["nodes"] as? [[String: Any]], file: file, line: line)
        XCTAssertEqual(nodes.compactMap { $0["name"] as? String }, Self.cities, file: file, line: line)
        for node in nodes {
            let name = node["name"] as? String ?? "?"
            XCTAssertEqual(node["home"] as? String, directory + "/" + name, file: file, line: line)
            XCTAssertTrue((node["url"] as? String ?? "").hasPrefix("https://127.0.0.1:"), "\(node)", file: file, line: line)
            XCTAssertEqual(node["ca"] as? String, directory + "/tls/demo-ca.pem", "\(node)", file: file, line: line)
            XCTAssertEqual(node["web_url"] as? String, (node["url"] as? String ?? "?") + "/", "\(node)", file: file, line: line)
            XCTAssertGreaterThan((node["pid"] as? NSNumber)?.int32Value ?? 0, 0, "\(node)", file: file, line: line)
            XCTAssertEqual((node["documents"] as? NSNumber)?.intValue, fixtures, name, file: file, line: line)
            XCTAssertEqual((node["conflicts"] as? NSNumber)?.intValue, 1, name, file: file, line: line)
        }
        let digests = nodes.compactMap { $0["view_digest"] as? String }
        XCTAssertEqual(digests.count, 3, file: file, line: line)
        XCTAssertEqual(Set(digests).count, 1, "the same merged view on all three: \(digests)", file: file, line: line)
        XCTAssertEqual(digests.first?.count, 16, file: file, line: line)
        XCTAssertEqual(Set(nodes.compactMap { $0["url"] as? String }).count, 3, "three servers", file: file, line: line)
        return nodes
    }

    func testDemoRunsToCompletionAndLeavesNothingBehind() throws {
        let (result, summary) = try runDemo([])
        XCTAssertEqual(result.status, 0, "\(result)")
        XCTAssertTrue(result.stderr.contains("5. Federating"), "narration goes to stderr with --json: \(result.stderr)")
        XCTAssertEqual(summary["kept"] as? Bool, false)
        let nodes = try assertSucceeded(summary)
        for node in nodes {
            let pid = (node["pid"] as? NSNumber)?.int32Value ?? 0
            errno = 0
            XCTAssertEqual(kill(pid, 0), -1, "server \(pid) still runs after the demo exited")
            XCTAssertEqual(errno, ESRCH, "no such process (stopped and reaped by the demo)")
        }
        let directory = try XCTUnwrap(summary["directory"] as? String)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory), "\(directory) was removed")
    }

    func testDemoKeepLeavesQueryableServersRunning() throws {
        let (result, summary) = try runDemo(["--keep"])
        let directory = summary["directory"] as? String ?? ""
        let pids = (summary["nodes"] as? [[String: Any]] ?? []).compactMap { ($0["pid"] as? NSNumber)?.int32Value }.filter { $0 > 0 }
        // The servers are orphans now (no longer the demo's children): stop them by PID whatever happens.
        addTeardownBlock {
            for pid in pids where OperationsTestCase.isRunning(pid) { kill(pid, SIGKILL) }
            if directory.hasPrefix(NSTemporaryDirectory()) || directory.hasPrefix("/tmp/") {
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
        XCTAssertEqual(result.status, 0, "\(result)")
        XCTAssertEqual(summary["kept"] as? Bool, true)
        let nodes = try assertSucceeded(summary)
        XCTAssertEqual(pids.count, 3)
        for pid in pids { XCTAssertTrue(OperationsTestCase.isRunning(pid), "kept server \(pid) runs") }

        // A kept node answers the CLI like any home (the server holds the store open meanwhile).
        let home = try XCTUnwrap(nodes.first?["home"] as? String)
        let search = try syncnode(["--home", home, "search", "customer service", "--json"])
        XCTAssertEqual(search.status, 0, "\(search)")
        let hits = try XCTUnwrap(try JSONSerialization.jsonObject(with: search.stdoutData) as? [[String: Any]])
        let hit = try XCTUnwrap(hits.first { $0["title"] as? String == "BRUM and Birmingham's customer service strategy" }, "\(hits)")
        XCTAssertEqual((hit["conflicts"] as? NSNumber)?.intValue, 1, "the demo's concurrent title edits")
        XCTAssertEqual(hit["tags"] as? [String], ["customer-experience", "customer-service", "transforming-services"],
                       "Singapore's tag merged in")

        // Its web view shows the demo's title conflict side by side, in plain words.
        let web = try XCTUnwrap(nodes.first?["web_url"] as? String)
        let id = try XCTUnwrap(hit["id"] as? String)
        let page = try ProcessRunner.run("/usr/bin/curl", ["-sS", "--max-time", "20", "--cacert", directory + "/tls/demo-ca.pem",
                                                           web + "doc/" + id], timeout: 30)
        XCTAssertEqual(page.status, 0, "\(page)")
        for text in ["<h2 id=\"conflict\">This document is in conflict</h2>", "changes to the title could not be combined",
                     "Version by birmingham", "Version by singapore", "(Singapore&#39;s reading)", "<h2 id=\"history\">History</h2>"] {
            XCTAssertTrue(page.stdout.contains(text), "\(text) missing from the document page: \(page.stdout)")
        }

        // Its peers synced with it over the network.
        let status = try syncnode(["--home", home, "status", "--json"])
        let peers = (try JSONSerialization.jsonObject(with: status.stdoutData) as? [String: Any])?["peers"] as? [[String: Any]] ?? []
        XCTAssertEqual(peers.compactMap { $0["peer"] as? String }.sorted(), ["new-york", "singapore"])
        XCTAssertTrue(peers.allSatisfy { $0["last_success"] is String && ($0["failures"] as? NSNumber)?.intValue == 0 }, "\(peers)")

        // What the demo wrote is what peers/README.md describes: the CA it
        // names, and peer files with the template's fields, the URL it got
        // and `ca_file: demo-ca.pem` next to them.
        let ca = try XCTUnwrap(nodes.first?["ca"] as? String)
        XCTAssertTrue(FileManager.default.fileExists(atPath: ca), ca)
        let peerFile = try Data(contentsOf: URL(fileURLWithPath: home + "/peers/singapore.json"))
        let peer = try XCTUnwrap(try JSONSerialization.jsonObject(with: peerFile) as? [String: Any])
        XCTAssertEqual(Set(peer.keys), ["name", "url", "public_key", "key_id", "ca_file"], "\(peer)")
        XCTAssertEqual(peer["ca_file"] as? String, "demo-ca.pem")
        XCTAssertEqual(peer["url"] as? String, nodes.first { $0["name"] as? String == "singapore" }?["url"] as? String)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: home + "/peers/demo-ca.pem")), try Data(contentsOf: URL(fileURLWithPath: ca)))

        // Stop them by PID, as the demo tells the user to; each stops gracefully.
        for pid in pids { XCTAssertEqual(kill(pid, SIGTERM), 0) }
        for pid in pids { XCTAssertTrue(OperationsTestCase.waitUntilGone(pid, within: 15), "server \(pid) ignored SIGTERM") }
        for node in nodes {
            let log = (try? String(contentsOfFile: (node["home"] as? String ?? "") + "/server.log", encoding: .utf8)) ?? ""
            XCTAssertTrue(log.hasSuffix(" stopped\n"), "\(node["name"] ?? "?") log: \(log.suffix(300))")
        }
        try FileManager.default.removeItem(atPath: directory)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory))
    }
}
