import Foundation
import Subprocess
import TestSupport
import ThrowawayTLS
import XCTest

/// Process-level tests of how a city runs syncnode: real `syncnode serve`
/// children with ThrowawayCA certificates on loopback, `sync` and `pull` runs,
/// signals, the run lock. Every child is stopped by its PID in `tearDown`.
class OperationsTestCase: CLITestCase {
    /// A node home made with `syncnode init`.
    struct Node {
        let name: String
        let home: String
        let publicKey: String
    }

    private(set) var children: [OperationsChild] = []
    private var certificateAuthority: ThrowawayCA?

    override func tearDown() {
        for child in children { child.stop(grace: 5) }
        children = []
        certificateAuthority = nil
        super.tearDown()
    }

    /// One CA per test, made on first use.
    func ca() throws -> ThrowawayCA {
        if let certificateAuthority { return certificateAuthority }
        let made = try ThrowawayCA(name: "operations-test-ca")
        certificateAuthority = made
        return made
    }

    /// `syncnode init --name NAME` in `<tmp>/NAME`, optionally importing `records`.
    func makeNode(_ name: String, importing records: String? = nil,
                  file: StaticString = #filePath, line: UInt = #line) throws -> Node {
        let home = tmp.path(name)
        let created = try jsonObject(["init", "--name", name], home: home, file: file, line: line)
        let key = try XCTUnwrap(created["public_key"] as? String, "init --json: \(created)", file: file, line: line)
        if let records { try succeed(["import", records, "--quiet"], home: home, file: file, line: line) }
        return Node(name: name, home: home, publicKey: key)
    }

    /// Calls `check` until it returns true, `child` exits or `seconds` pass;
    /// true if `check` did. Bounded in time, not in rounds: a round that runs
    /// `syncnode` can take a second or more under a sanitizer on a busy
    /// machine, so a thousand rounds meant to last five seconds could last
    /// a quarter of an hour.
    @discardableResult
    func poll(while child: OperationsChild, within seconds: Double, _ check: () throws -> Bool) rethrows -> Bool {
        let deadline = Date() + seconds
        while !child.hasExited, Date() < deadline {
            if try check() { return true }
            usleep(10_000)
        }
        return false
    }

    /// `syncnode peer add` in `node`'s home: trust `peer` at `url`, verified by this test's CA.
    func trust(_ peer: Node, at url: String, in node: Node, file: StaticString = #filePath, line: UInt = #line) throws {
        try succeed(["peer", "add", peer.name, "--url", url, "--public-key", peer.publicKey,
                     "--ca", try ca().caCertificatePath], home: node.home, file: file, line: line)
    }

    /// Starts `syncnode serve` for `node` on a free loopback port with a
    /// ThrowawayCA certificate; returns the child and its URL once it listens.
    func serve(_ node: Node, _ extra: [String] = [], certificate chosen: ThrowawayCertificate? = nil, file: StaticString = #filePath,
               line: UInt = #line) throws -> (child: OperationsChild, url: String) {
        let certificate = try chosen ?? ca().serverCertificate()
        let child = try start(["serve", "--home", node.home, "--listen", "127.0.0.1:0",
                               "--cert", certificate.certificatePath, "--key", certificate.keyPath] + extra,
                              stderr: "\(node.name)-serve.log")
        guard let first = child.firstLine(within: 20), first.hasPrefix("listening on "),
              let url = first.dropFirst("listening on ".count).split(separator: " ").first else {
            XCTFail("serve did not report its URL: stdout \(child.stdout), log \(child.stderr)", file: file, line: line)
            throw OperationsChild.ChildError(message: "serve did not start")
        }
        XCTAssertEqual(first, "listening on \(url) (pid \(child.pid))", file: file, line: line)
        return (child, String(url))
    }

    /// Starts `syncnode arguments...` in the background; stopped by PID in `tearDown`.
    func start(_ arguments: [String], stderr name: String) throws -> OperationsChild {
        let env = ProcessRunner.environment(removing: ["SYNCNODE_HOME"], adding: ["NO_COLOR": "1"])
        let child = try OperationsChild(executable: binary, arguments: arguments, environment: env,
                                        directory: tmp.path, stderrPath: tmp.path(name))
        children.append(child)
        return child
    }

    /// Runs `syncnode arguments... --home <node>` with `--json` and parses
    /// stdout whatever the exit status (sync exits 69 with a full report).
    func report(_ arguments: [String], in node: Node, file: StaticString = #filePath,
                line: UInt = #line) throws -> (result: ProcessRunner.Result, json: [String: Any]) {
        let result = try atHome(arguments + ["--json"], home: node.home)
        let value = try? JSONSerialization.jsonObject(with: result.stdoutData)
        let object = try XCTUnwrap(value as? [String: Any], "not a JSON object: \(result)", file: file, line: line)
        return (result, object)
    }

    /// `sync --json` in `node`'s home, which must succeed for every peer; returns the report.
    @discardableResult
    func sync(_ node: Node, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let synced = try jsonObject(["sync"], home: node.home, file: file, line: line)
        XCTAssertEqual(synced["ok"] as? Bool, true, "\(node.name) sync: \(synced)", file: file, line: line)
        return synced
    }

    /// `status --json`, peers keyed by name.
    func peerStatus(_ node: Node, file: StaticString = #filePath, line: UInt = #line) throws -> [String: [String: Any]] {
        let status = try jsonObject(["status"], home: node.home, file: file, line: line)
        let peers = try XCTUnwrap(status["peers"] as? [[String: Any]], "status --json: \(status)", file: file, line: line)
        var byName: [String: [String: Any]] = [:]
        for p in peers { if let name = p["peer"] as? String { byName[name] = p } }
        return byName
    }

    /// `stats --json` as numbers.
    func stats(_ node: Node, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        try jsonObject(["stats"], home: node.home, file: file, line: line)
    }

    /// Articles plus talks in `node`'s store.
    func documents(_ node: Node, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let s = try stats(node, file: file, line: line)
        return (Self.int(s["articles"]) ?? 0) + (Self.int(s["talks"]) ?? 0)
    }

    /// The per-peer reports of a `sync`/`pull --json` run, keyed by peer.
    static func peerReports(_ json: [String: Any]) -> [String: [String: Any]] {
        var byName: [String: [String: Any]] = [:]
        for p in json["peers"] as? [[String: Any]] ?? [] { if let name = p["peer"] as? String { byName[name] = p } }
        return byName
    }

    /// A number from parsed JSON.
    static func int(_ value: Any?) -> Int? {
        (value as? NSNumber)?.intValue
    }

    /// True while `pid` runs. A process that exited but was not reaped yet
    /// (a zombie, e.g. an orphan in a container whose init does not reap)
    /// counts as gone.
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        #if os(Linux)
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
           let close = stat.lastIndex(of: ")") {
            let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
            return state != "Z" && state != "X"
        }
        #endif
        return true
    }

    /// Waits (bounded) until `pid` is gone; true if it went.
    static func waitUntilGone(_ pid: Int32, within seconds: Double) -> Bool {
        for _ in 0..<Int(seconds * 20) {
            if !isRunning(pid) { return true }
            usleep(50_000)
        }
        return !isRunning(pid)
    }
}
