import Foundation
import TestSupport
import XCTest

/// Issue 9, points 1 to 3, end to end with the real binary over loopback TLS:
/// a node whose machine, store or whole home is put back from a backup gets
/// its lost writes back from its peers by itself (no `rejoin`), writes under
/// a new epoch that peers accept, and a revision a node refuses is recorded
/// without holding up the link. Every scenario ends with all nodes exporting
/// the same text.
final class FederationIntegrityTests: OperationsTestCase {
    // MARK: scenarios

    /// The machine is lost with its home; the operator kept the key only.
    func testARebuiltMachineAdoptingItsKeyGetsEverythingBackAndWritesUnderANewEpoch() throws {
        let alpha = try makeNode("alpha", importing: Self.citiesPath + "/birmingham")
        let beta = try makeNode("beta", importing: Self.citiesPath + "/singapore")
        let gamma = try makeNode("gamma", importing: Self.citiesPath + "/rotterdam/talks.json")
        let nodes = [alpha, beta, gamma]
        let alphaServer = try serve(alpha, announcedTo: [beta, gamma])
        let betaURL = try serve(beta, announcedTo: [alpha, gamma]).url
        let gammaURL = try serve(gamma, announcedTo: [alpha, beta]).url
        for node in nodes + [alpha] { try sync(node) }

        // Alpha writes more and syncs it out.
        let (edited, added) = try writeAfterBackup(on: alpha)
        try sync(alpha)
        let expected = try export(beta)
        XCTAssertEqual(try export(gamma), expected)
        let ownDocuments = try ownIDs(alpha).count

        // The disk is gone; only a copy of the key survives.
        let keyCopy = tmp.path("alpha-key.pem")
        try FileManager.default.copyItem(atPath: alpha.home + "/node-key.pem", toPath: keyCopy)
        XCTAssertEqual(alphaServer.child.stop(), 0)
        try FileManager.default.removeItem(atPath: alpha.home)
        let home = tmp.path("alpha-rebuilt")
        let created = try jsonObject(["init", "--name", "alpha", "--key", keyCopy], home: home)
        XCTAssertEqual(created["public_key"] as? String, alpha.publicKey, "the adopted key")
        let rebuilt = Node(name: "alpha", home: home, publicKey: alpha.publicKey)
        XCTAssertEqual(try jsonObject(["status"], home: home)["restoring"] as? Bool, true)
        try serve(rebuilt, announcedTo: [beta, gamma])
        try announce(beta, at: betaURL, to: [rebuilt])
        try announce(gamma, at: gammaURL, to: [rebuilt])

        // One sync brings all of alpha's documents back.
        let (result, report) = try self.report(["sync"], in: rebuilt)
        XCTAssertEqual(result.status, 0, "\(result)")
        XCTAssertEqual(report["ok"] as? Bool, true, "\(report)")
        XCTAssertEqual(try export(rebuilt), expected, "every document is back")
        XCTAssertEqual(try ownIDs(rebuilt).count, ownDocuments)
        XCTAssertEqual(try jsonObject(["show", added], home: home)["title"] as? String, "Written after the backup")
        XCTAssertEqual(try jsonObject(["show", edited], home: home)["category"] as? String, "Edited after the backup")
        let status = try jsonObject(["status"], home: home)
        XCTAssertEqual(status["actor"] as? String, "alpha~2", "its own revisions came back: it must not reuse their counters")
        XCTAssertEqual(status["restoring"] as? Bool, false, "every peer was read once")

        // A new edit is written as the new epoch and reaches both peers.
        try succeed(["edit", edited, "--set", "category=Written by the rebuilt machine"], home: home)
        XCTAssertEqual(try jsonObject(["show", edited], home: home)["revision"] as? String, "alpha~2:1")
        try assertPushAccepted(try sync(rebuilt), by: ["beta", "gamma"])
        for node in [beta, gamma] {
            let shown = try jsonObject(["show", edited], home: node.home)
            XCTAssertEqual(shown["category"] as? String, "Written by the rebuilt machine", node.name)
            XCTAssertEqual(shown["revision"] as? String, "alpha~2:1", node.name)
            try sync(node)
        }
        try assertConverged([rebuilt, beta, gamma])
    }

    /// The store file alone is put back with `cp` while the node is stopped,
    /// and the timer's next `sync` runs without anyone saying `rejoin`.
    func testAStoreCopiedBackWithCpRecoversOnTheNextSync() throws {
        let (alpha, beta) = try pair()
        XCTAssertEqual(alpha.server.stop(), 0)
        let backup = tmp.path("alpha-backup")
        try FileManager.default.createDirectory(atPath: backup, withIntermediateDirectories: false)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: alpha.node.home + "/store.sqlite" + suffix) {
            try FileManager.default.copyItem(atPath: alpha.node.home + "/store.sqlite" + suffix, toPath: backup + "/store.sqlite" + suffix)
        }
        let (edited, added) = try writeAfterBackup(on: alpha.node)
        try sync(alpha.node)

        try restoreStore(of: alpha.node, from: backup + "/store.sqlite")
        let forgotten = try atHome(["show", added], home: alpha.node.home)
        XCTAssertNotEqual(forgotten.status, 0, "the restored store has forgotten \(added)")

        let (result, report) = try self.report(["sync"], in: alpha.node)
        XCTAssertEqual(result.status, 0, "\(result)")
        XCTAssertTrue(result.stderr.contains("fewer of alpha's writes than its home's write mark"), result.stderr)
        let pull = try XCTUnwrap(Self.peerReports(report)["beta"]?["pull"] as? [String: Any], "\(report)")
        XCTAssertEqual(pull["restore_detected"] as? Bool, false, "the write mark told before any pull: \(pull)")
        XCTAssertEqual(Self.int(pull["applied"]), 2, "the edit and the new document written after the backup: \(pull)")
        XCTAssertEqual(try jsonObject(["show", edited], home: alpha.node.home)["category"] as? String, "Edited after the backup")
        XCTAssertEqual(try jsonObject(["show", added], home: alpha.node.home)["title"] as? String, "Written after the backup")
        XCTAssertEqual(try jsonObject(["status"], home: alpha.node.home)["actor"] as? String, "alpha~2")

        try editAndShare(edited, on: alpha.node, with: beta)
        _ = try serve(alpha.node, announcedTo: [beta])
        try sync(beta)
        try assertConverged([alpha.node, beta])
    }

    /// An online `.backup` copy goes back, and the operator edits before any
    /// sync: the edit must take a new epoch, since the store cannot know
    /// which counters it spent after the backup.
    func testAnEditOnAStoreRestoredFromAnOnlineBackupBeforeAnySyncIsAccepted() throws {
        try PythonEnv.require(modules: ["sqlite3"], pipPackages: [])
        let (alpha, beta) = try pair()
        let backup = tmp.path("alpha-backup.sqlite")
        let copied = try PythonEnv.run(script: OperationsRestoreTests.onlineBackup,
                                       arguments: [alpha.node.home + "/store.sqlite", backup], stdin: [])
        XCTAssertEqual(copied.status, 0, copied.stderr)
        let (edited, added) = try writeAfterBackup(on: alpha.node)
        try sync(alpha.node)
        try sync(beta)

        XCTAssertEqual(alpha.server.stop(), 0)
        try restoreStore(of: alpha.node, from: backup)
        let other = try XCTUnwrap(try ownIDs(alpha.node).first { $0 != edited })
        let edit = try atHome(["edit", other, "--set", "category=Edited on the restored store"], home: alpha.node.home)
        XCTAssertEqual(edit.status, 0, "\(edit)")
        XCTAssertTrue(edit.stderr.contains("restored from a backup"), edit.stderr)
        XCTAssertEqual(try jsonObject(["show", other], home: alpha.node.home)["revision"] as? String, "alpha~2:1")

        let (result, report) = try self.report(["sync"], in: alpha.node)
        XCTAssertEqual(result.status, 0, "\(result)")
        try assertPushAccepted(report, by: ["beta"])
        let pull = try XCTUnwrap(Self.peerReports(report)["beta"]?["pull"] as? [String: Any], "\(report)")
        XCTAssertEqual(Self.int(pull["applied"]), 2, "the writes after the backup came back: \(pull)")
        XCTAssertEqual(try jsonObject(["show", added], home: alpha.node.home)["title"] as? String, "Written after the backup")
        let there = try jsonObject(["show", other], home: beta.home)
        XCTAssertEqual(there["category"] as? String, "Edited on the restored store")
        XCTAssertEqual(there["revision"] as? String, "alpha~2:1")
        XCTAssertEqual(try jsonArray(["rejected"], home: beta.home).count, 0)

        // Later pushes keep working.
        try editAndShare(edited, on: alpha.node, with: beta)
        _ = try serve(alpha.node, announcedTo: [beta])
        try sync(beta)
        try assertConverged([alpha.node, beta])
    }

    /// The whole home, write mark included, goes back: nothing local can
    /// tell. Beta's last page says it holds more of alpha's writes.
    func testAWholeHomeRestoreIsDetectedFromThePeersExcludedHeads() throws {
        let (alpha, beta) = try pair()
        XCTAssertEqual(alpha.server.stop(), 0)
        let backup = tmp.path("alpha-home-backup")
        try FileManager.default.copyItem(atPath: alpha.node.home, toPath: backup)
        let restarted = try serve(alpha.node, announcedTo: [beta]).child
        let (edited, added) = try writeAfterBackup(on: alpha.node)
        try sync(alpha.node)
        try sync(beta)

        XCTAssertEqual(restarted.stop(), 0)
        try FileManager.default.removeItem(atPath: alpha.node.home)
        try FileManager.default.copyItem(atPath: backup, toPath: alpha.node.home)
        XCTAssertEqual(try jsonObject(["status"], home: alpha.node.home)["actor"] as? String, "alpha",
                       "the home's own write mark agrees with its store")

        let (result, report) = try self.report(["sync"], in: alpha.node)
        XCTAssertEqual(result.status, 0, "\(result)")
        let pull = try XCTUnwrap(Self.peerReports(report)["beta"]?["pull"] as? [String: Any], "\(report)")
        XCTAssertEqual(pull["restore_detected"] as? Bool, true, "\(pull)")
        XCTAssertTrue(result.stderr.contains("restored from a backup"), result.stderr)
        XCTAssertEqual(try jsonObject(["show", edited], home: alpha.node.home)["category"] as? String, "Edited after the backup")
        XCTAssertEqual(try jsonObject(["show", added], home: alpha.node.home)["title"] as? String, "Written after the backup")

        let other = try XCTUnwrap(try ownIDs(alpha.node).first { $0 != edited })
        try succeed(["edit", other, "--set", "category=After the whole home came back"], home: alpha.node.home)
        let revision = try XCTUnwrap(try jsonObject(["show", other], home: alpha.node.home)["revision"] as? String)
        XCTAssertTrue(revision.hasPrefix("alpha~2:"), "a new epoch, got \(revision)")
        try assertPushAccepted(try sync(alpha.node), by: ["beta"])
        XCTAssertEqual(try jsonObject(["show", other], home: beta.home)["revision"] as? String, revision)
        _ = try serve(alpha.node, announcedTo: [beta])
        try sync(beta)
        try assertConverged([alpha.node, beta])
    }

    /// Gamma's documents reach alpha through beta while alpha does not trust
    /// gamma: recorded as rejected, the rest of the link goes on. Once alpha
    /// trusts gamma, `pull beta --from-start` repairs it; a second run
    /// applies nothing and changes nothing.
    func testAnUntrustedRelayedRevisionDoesNotBlockAndPullFromStartRepairsIdempotently() throws {
        let alpha = try makeNode("alpha", importing: Self.citiesPath + "/birmingham")
        let beta = try makeNode("beta", importing: Self.citiesPath + "/singapore")
        let gamma = try makeNode("gamma", importing: Self.citiesPath + "/rotterdam/talks.json")
        _ = try serve(beta, announcedTo: [alpha, gamma])
        let (_, gammaURL) = try serve(gamma)
        try announce(gamma, at: gammaURL, to: [beta])
        try trust(alpha, at: "https://127.0.0.1:1", in: beta)
        try trust(alpha, at: "https://127.0.0.1:1", in: gamma)
        try assertPull("gamma", on: beta)
        let gammaRevisions = try ownIDs(gamma).count
        XCTAssertGreaterThan(gammaRevisions, 0)

        // Alpha does not know gamma yet.
        let (result, report) = try self.report(["sync"], in: alpha)
        XCTAssertEqual(result.status, 0, "a refused revision does not fail the run: \(result)")
        XCTAssertEqual(report["ok"] as? Bool, true, "\(report)")
        let pull = try XCTUnwrap(Self.peerReports(report)["beta"]?["pull"] as? [String: Any], "\(report)")
        XCTAssertEqual(Self.int(pull["rejected"]), gammaRevisions, "\(pull)")
        XCTAssertEqual((pull["warnings"] as? [String])?.count, 1, "\(pull)")
        XCTAssertTrue(result.stderr.contains("recorded as rejected"), result.stderr)
        XCTAssertGreaterThan(try XCTUnwrap(Self.int(pull["applied"])), 0, "beta's own documents arrived")
        let push = try XCTUnwrap(Self.peerReports(report)["beta"]?["push"] as? [String: Any], "\(report)")
        XCTAssertEqual(Self.int(push["applied"]), try ownIDs(alpha).count, "the push went through: \(push)")
        let rejected = try jsonArray(["rejected"], home: alpha.home)
        XCTAssertEqual(rejected.count, gammaRevisions)
        for r in rejected {
            XCTAssertEqual(r["code"] as? String, "unknown_author", "\(r)")
            XCTAssertEqual(r["author"] as? String, "gamma", "\(r)")
            XCTAssertEqual(r["peer"] as? String, "beta", "\(r)")
            XCTAssertEqual(r["kind"] as? String, "talk", "\(r)")
            XCTAssertEqual(Self.int(r["times"]), 1, "\(r)")
            XCTAssertTrue((r["document_id"] as? String)?.hasPrefix("gamma.") == true, "\(r)")
            XCTAssertTrue((r["revision"] as? String)?.hasPrefix("gamma:") == true, "\(r)")
            for field in ["reason", "first_seen", "last_seen"] { XCTAssertNotNil(r[field] as? String, "\(field): \(r)") }
        }
        XCTAssertEqual(Self.int(try jsonObject(["status"], home: alpha.home)["rejected"]), gammaRevisions)
        let again = try sync(alpha)
        XCTAssertEqual(Self.int((Self.peerReports(again)["beta"]?["pull"] as? [String: Any])?["rejected"]), 0,
                       "the checkpoint moved past them")
        XCTAssertEqual(try jsonArray(["rejected"], home: alpha.home).compactMap { Self.int($0["times"]) },
                       Array(repeating: 1, count: gammaRevisions))

        // Trusting gamma, then re-reading beta's whole log, repairs it.
        try trust(gamma, at: gammaURL, in: alpha)
        let repaired = try assertPull("beta", on: alpha, fromStart: true)
        XCTAssertEqual(Self.int(repaired["applied"]), gammaRevisions, "\(repaired)")
        XCTAssertEqual(Self.int(repaired["rejected"]), 0, "\(repaired)")
        XCTAssertEqual(try jsonArray(["rejected"], home: alpha.home).count, 0, "accepted now")
        XCTAssertEqual(Self.int(try jsonObject(["status"], home: alpha.home)["rejected"]), 0)
        let exported = try export(alpha)

        let repeated = try assertPull("beta", on: alpha, fromStart: true)
        XCTAssertEqual(Self.int(repeated["applied"]), 0, "\(repeated)")
        XCTAssertEqual(Self.int(repeated["rejected"]), 0, "\(repeated)")
        XCTAssertGreaterThan(try XCTUnwrap(Self.int(repeated["received"])), 0, "it did read the log again")
        XCTAssertEqual(Self.int(repeated["already_had"]), Self.int(repeated["received"]), "\(repeated)")
        XCTAssertEqual(try export(alpha), exported)
        try assertPull("beta", on: gamma)
        try assertConverged([alpha, beta, gamma])
    }

    // MARK: helpers

    /// A node with its running server.
    private struct Serving {
        let node: Node
        let server: OperationsChild
    }

    /// Alpha (Birmingham's fixtures) and beta (Singapore's), both serving
    /// and synced both ways.
    private func pair() throws -> (alpha: Serving, beta: Node) {
        let alpha = try makeNode("alpha", importing: Self.citiesPath + "/birmingham")
        let beta = try makeNode("beta", importing: Self.citiesPath + "/singapore")
        let alphaServer = try serve(alpha, announcedTo: [beta])
        _ = try serve(beta, announcedTo: [alpha])
        try sync(alpha)
        try sync(beta)
        XCTAssertEqual(try export(alpha), try export(beta))
        return (Serving(node: alpha, server: alphaServer.child), beta)
    }

    /// Starts `node`'s server and (re)points each of `peers`' entry for it at its URL.
    @discardableResult
    private func serve(_ node: Node, announcedTo peers: [Node]) throws -> (child: OperationsChild, url: String) {
        let served = try serve(node)
        try announce(node, at: served.url, to: peers)
        return served
    }

    /// `peer add NODE --replace` in each of `peers`.
    private func announce(_ node: Node, at url: String, to peers: [Node], file: StaticString = #filePath, line: UInt = #line) throws {
        for peer in peers {
            try succeed(["peer", "add", node.name, "--replace", "--url", url, "--public-key", node.publicKey,
                         "--ca", try ca().caCertificatePath], home: peer.home, file: file, line: line)
        }
    }

    /// Edits one of `node`'s own documents and adds a new one (what a backup
    /// taken before would miss); returns both ids.
    private func writeAfterBackup(on node: Node) throws -> (edited: String, added: String) {
        let edited = try XCTUnwrap(try ownIDs(node).first, "\(node.name) has documents")
        try succeed(["edit", edited, "--set", "category=Edited after the backup"], home: node.home)
        let record = try tmp.write("\(node.name)-new.json", #"{"kind": "article", "title": "Written after the backup"}"#)
        let added = try succeed(["article", "add", "--file", record], home: node.home).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(added.hasPrefix("\(node.name)."), added)
        return (edited, added)
    }

    /// Ids of the documents `node` created, sorted.
    private func ownIDs(_ node: Node) throws -> [String] {
        try jsonArray(["list", "--limit", "1000"], home: node.home).compactMap { $0["id"] as? String }
            .filter { $0.hasPrefix("\(node.name).") }.sorted()
    }

    /// Puts `backup` in place of `node`'s store, its -wal and -shm removed.
    private func restoreStore(of node: Node, from backup: String) throws {
        let store = node.home + "/store.sqlite"
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: store + suffix) {
            try FileManager.default.removeItem(atPath: store + suffix)
        }
        try FileManager.default.copyItem(atPath: backup, toPath: store)
        if FileManager.default.fileExists(atPath: backup + "-wal") {
            try FileManager.default.copyItem(atPath: backup + "-wal", toPath: store + "-wal")
        }
    }

    /// Edits `id` on `node` after its restore, syncs, and checks `peer` accepted it.
    private func editAndShare(_ id: String, on node: Node, with peer: Node, file: StaticString = #filePath, line: UInt = #line) throws {
        try succeed(["edit", id, "--set", "category=Edited once recovered"], home: node.home, file: file, line: line)
        let revision = try XCTUnwrap(try jsonObject(["show", id], home: node.home)["revision"] as? String, file: file, line: line)
        XCTAssertTrue(revision.hasPrefix("\(node.name)~2:"), "a new epoch, got \(revision)", file: file, line: line)
        try assertPushAccepted(try sync(node, file: file, line: line), by: [peer.name], file: file, line: line)
        let there = try jsonObject(["show", id], home: peer.home, file: file, line: line)
        XCTAssertEqual(there["revision"] as? String, revision, file: file, line: line)
        XCTAssertEqual(there["category"] as? String, "Edited once recovered", file: file, line: line)
    }

    /// Each of `peers` took the push of a `sync --json` report whole.
    private func assertPushAccepted(_ report: [String: Any], by peers: [String], file: StaticString = #filePath,
                                    line: UInt = #line) throws {
        for peer in peers {
            let push = try XCTUnwrap(Self.peerReports(report)[peer]?["push"] as? [String: Any], "\(report)", file: file, line: line)
            XCTAssertEqual(push["ok"] as? Bool, true, "\(peer): \(push)", file: file, line: line)
            XCTAssertGreaterThan(try XCTUnwrap(Self.int(push["applied"]), file: file, line: line), 0, "\(peer): \(push)", file: file, line: line)
            XCTAssertEqual(Self.int(push["rejected"]), 0, "\(peer): \(push)", file: file, line: line)
            XCTAssertEqual((push["warnings"] as? [String])?.count, 0, "\(peer): \(push)", file: file, line: line)
        }
    }

    /// `pull PEER [--from-start] --json` on `node`, which must succeed; returns the transfer report.
    @discardableResult
    private func assertPull(_ peer: String, on node: Node, fromStart: Bool = false, file: StaticString = #filePath,
                            line: UInt = #line) throws -> [String: Any] {
        let pulled = try jsonObject(["pull", peer] + (fromStart ? ["--from-start"] : []), home: node.home, file: file, line: line)
        XCTAssertEqual(pulled["ok"] as? Bool, true, "\(pulled)", file: file, line: line)
        return try XCTUnwrap(Self.peerReports(pulled)[peer]?["pull"] as? [String: Any], "\(pulled)", file: file, line: line)
    }

    private func export(_ node: Node, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try succeed(["export"], home: node.home, file: file, line: line).stdout
    }

    /// Every node exports the same text, none refused anything, none has conflicts.
    private func assertConverged(_ nodes: [Node], file: StaticString = #filePath, line: UInt = #line) throws {
        let first = try export(nodes[0], file: file, line: line)
        XCTAssertFalse(first.isEmpty, file: file, line: line)
        for node in nodes {
            XCTAssertEqual(try export(node, file: file, line: line), first, "\(node.name)'s export", file: file, line: line)
            XCTAssertEqual(try jsonArray(["rejected"], home: node.home, file: file, line: line).count, 0, node.name, file: file, line: line)
            XCTAssertEqual(try jsonArray(["conflicts"], home: node.home, file: file, line: line).count, 0, node.name, file: file, line: line)
        }
    }
}
