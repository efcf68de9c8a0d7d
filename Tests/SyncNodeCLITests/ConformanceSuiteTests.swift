import Foundation
import Subprocess
import TestSupport
import XCTest

/// Runs `syncnode-conformance` against a real `syncnode serve` over loopback
/// TLS, as another city would run it against its own node.
final class ConformanceSuiteTests: OperationsTestCase {
    /// Checks a black box cannot run against the reference node, with why.
    static let expectedSkips: Set<String> = ["reject-revoked_key"]

    /// A served node that trusts a `conformance` identity made with `init`.
    func servedNode() throws -> (url: String, identity: Node) {
        let server = try makeNode("lisbon", importing: Self.citiesPath)
        let identity = try makeNode("conformance")
        try trust(identity, at: "https://127.0.0.1:9", in: server)
        let (_, url) = try serve(server)
        return (url, identity)
    }

    func conformance(_ arguments: [String]) throws -> ProcessRunner.Result {
        let binary = try BuiltProducts.executable("syncnode-conformance")
        let result = try ProcessRunner.run(binary, arguments, currentDirectory: tmp.path, timeout: 120)
        XCTAssertFalse(result.timedOut, "syncnode-conformance timed out: \(result)")
        return result
    }

    /// Parses `pass NAME`, `FAIL NAME: why`, `skip NAME: why` lines.
    static func outcomes(_ stdout: String) -> [String: String] {
        var byName: [String: String] = [:]
        for line in stdout.split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 2)
            guard words.count >= 2, ["pass", "FAIL", "skip"].contains(words[0]) else { continue }
            byName[String(words[1].hasSuffix(":") ? words[1].dropLast() : words[1])] = String(words[0])
        }
        return byName
    }

    func testReferenceNodePassesTheSuiteTwice() throws {
        let (url, identity) = try servedNode()
        let arguments = ["--url", url, "--ca", try ca().caCertificatePath, "--name", identity.name,
                         "--key", identity.home + "/node-key.pem"]
        // Twice: the suite must not trip over what its earlier run pushed.
        for run in 1...2 {
            let result = try conformance(arguments)
            XCTAssertEqual(result.status, 0, "run \(run): \(result)")
            let outcomes = Self.outcomes(result.stdout)
            XCTAssertGreaterThanOrEqual(outcomes.count, 30, "run \(run): \(result.stdout)")
            for (name, outcome) in outcomes {
                XCTAssertEqual(outcome, Self.expectedSkips.contains(name) ? "skip" : "pass", "run \(run), check \(name): \(result.stdout)")
            }
            XCTAssertTrue(result.stdout.hasSuffix("conformance: all checks passed or skipped\n"), result.stdout)
        }
    }

    /// An identity the node does not trust fails the signed checks and exits 1.
    func testUntrustedIdentityFails() throws {
        let (url, _) = try servedNode()
        let stranger = try makeNode("stranger")
        let result = try conformance(["--url", url, "--ca", try ca().caCertificatePath, "--name", stranger.name,
                                      "--key", stranger.home + "/node-key.pem"])
        XCTAssertEqual(result.status, 1, "\(result)")
        let outcomes = Self.outcomes(result.stdout)
        XCTAssertEqual(outcomes["node-info"], "pass", result.stdout)
        XCTAssertEqual(outcomes["push-accepted"], "FAIL", result.stdout)
        XCTAssertTrue(result.stdout.contains("expected 200, got 403"), result.stdout)
    }

    func testUsageErrorExits2() throws {
        let result = try conformance(["--url", "https://127.0.0.1:9"])
        XCTAssertEqual(result.status, 2, "\(result)")
        XCTAssertTrue(result.stderr.contains("--ca is required"), result.stderr)
    }
}
