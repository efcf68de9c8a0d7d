import Foundation
import Subprocess
import TestSupport
import XCTest

/// Runs never lie: a run killed mid-way shows as `interrupted` (never
/// `running`) with its reason; a pull that fails after its first page keeps
/// that page, records why in the peer's state and the run, and exits 69 when
/// the peer failed, 1 when this node's own store did.
final class RunRecordTests: OperationsTestCase {
    /// Reads one column of one run straight from the store file (what the
    /// store holds, not what `runs` computes for display).
    static let storedOutcome = #"""
    import sqlite3, sys
    db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
    print(db.execute("SELECT outcome FROM runs WHERE run_id = ?", (int(sys.argv[2]),)).fetchone()[0])
    """#

    /// Damages one row of a store's change log so its node cannot serve it.
    static let damageRevision = #"""
    import sqlite3, sys
    db = sqlite3.connect(sys.argv[1])
    db.execute("UPDATE revisions SET context = 'not a version vector' WHERE seq = ?", (int(sys.argv[2]),))
    db.commit()
    db.close()
    """#

    func testASyncKilledMidRunIsShownInterruptedAndTheNextRunTakesOver() throws {
        try PythonEnv.require(modules: ["sqlite3"], pipPackages: [])
        let node = try makeNode("birmingham")
        let hungNode = try makeNode("hung-city")
        let silent = try LoopbackListener(listening: true)
        defer { silent.close() }
        try trust(hungNode, at: "https://127.0.0.1:\(silent.port)", in: node)

        // A run that hangs on a peer that accepts and never answers.
        let run = try start(["sync", "--home", node.home, "--timeout", "60", "--attempts", "1"], stderr: "sync.log")
        var seen: [String: Any]?
        try poll(while: run, within: 60) {
            guard let first = try jsonArray(["runs"], home: node.home).first, first["outcome"] as? String == "running" else { return false }
            seen = first
            return true
        }
        let running = try XCTUnwrap(seen, "the run never showed as running: \(run.stderr)")
        XCTAssertEqual(Self.int(running["pid"]), Int(run.pid))
        XCTAssertTrue(running["reason"] is NSNull, "\(running)")
        let id = try XCTUnwrap(Self.int(running["id"]))

        run.send(SIGKILL)
        XCTAssertEqual(run.waitForExit(within: 10), 128 + SIGKILL)

        // Shown as interrupted at once; the read-only query wrote nothing.
        let reason = "the process (pid \(run.pid)) ended without finishing the run: killed or crashed"
        let shown = try XCTUnwrap(try jsonArray(["runs"], home: node.home).first)
        XCTAssertEqual(Self.int(shown["id"]), id)
        XCTAssertEqual(shown["outcome"] as? String, "interrupted")
        XCTAssertEqual(shown["reason"] as? String, reason)
        XCTAssertTrue(shown["finished_at"] is NSNull, "when it died is not known")
        let table = try succeed(["runs"], home: node.home).stdout
        XCTAssertTrue(table.contains("interrupted"), table)
        XCTAssertFalse(table.contains("running"), table)
        XCTAssertEqual(try stored(node, run: id), "running", "runs is read-only: it computes, it does not write")

        // The next run takes the lock, records the dead run, and runs.
        let next = try atHome(["sync", "--json", "--timeout", "1", "--attempts", "1"], home: node.home)
        XCTAssertEqual(next.status, 69, "it ran (the hung peer failed) rather than exiting 75: \(next)")
        XCTAssertEqual(try stored(node, run: id), "interrupted")
        let runs = try jsonArray(["runs"], home: node.home)
        XCTAssertEqual(runs.compactMap { Self.int($0["id"]) }, [id + 1, id])
        XCTAssertEqual(runs.map { $0["outcome"] as? String }, ["failed", "interrupted"])
        XCTAssertEqual(runs[1]["reason"] as? String, reason)
        let failedReason = runs[0]["reason"] as? String ?? ""
        XCTAssertTrue(failedReason.hasPrefix("hung-city failed: ") && failedReason.contains("timed out"), failedReason)
        XCTAssertFalse(runs[0]["finished_at"] is NSNull)
    }

    func testAPullWhosePeerFailsAfterTheFirstPageKeepsItRecordsWhyAndExits69() throws {
        try PythonEnv.require(modules: ["sqlite3"], pipPackages: [])
        let server = try makeNode("rotterdam", importing: try syntheticRecords(600))
        let puller = try makeNode("birmingham")
        // Its second page (seq 501...) holds a row it cannot read: it answers 500.
        let damaged = try PythonEnv.run(script: Self.damageRevision, arguments: [server.home + "/store.sqlite", "550"], stdin: [])
        XCTAssertEqual(damaged.status, 0, damaged.stderr)
        try trust(puller, at: "https://127.0.0.1:1", in: server)
        let (_, url) = try serve(server)
        try trust(server, at: url, in: puller)

        let (result, json) = try report(["pull", "--attempts", "1"], in: puller)
        XCTAssertEqual(result.status, 69, "the peer's failure: \(result)")
        let peer = try XCTUnwrap(Self.peerReports(json)["rotterdam"], "\(json)")
        XCTAssertEqual(peer["status"] as? String, "failed")
        XCTAssertEqual(peer["cause"] as? String, "peer")
        let error = try XCTUnwrap(peer["error"] as? String)
        XCTAssertTrue(error.contains("500"), error)
        let pull = try XCTUnwrap(peer["pull"] as? [String: Any], "\(peer)")
        XCTAssertEqual(Self.int(pull["pages"]), 1)
        XCTAssertEqual(Self.int(pull["applied"]), 500)
        XCTAssertTrue(result.stderr.contains("failed rotterdam: \(error)"), result.stderr)

        // The first page stays; the peer's state and the run say why.
        XCTAssertEqual(try documents(puller), 500)
        let state = try XCTUnwrap(try peerStatus(puller)["rotterdam"])
        XCTAssertEqual(state["last_error"] as? String, error)
        XCTAssertFalse(state["last_error_at"] is NSNull)
        XCTAssertEqual(Self.int(state["failures"]), 1)
        XCTAssertEqual(Self.int(state["pulled_seq"]), 500)
        let run = try XCTUnwrap(try jsonArray(["runs"], home: puller.home).first)
        XCTAssertEqual(run["outcome"] as? String, "failed")
        XCTAssertEqual(run["reason"] as? String, "rotterdam failed: \(error)")
    }

    func testAPullThatCannotWriteItsStoreAfterTheFirstPageKeepsItAndExits1() throws {
        let server = try makeNode("rotterdam", importing: try syntheticRecords(1_000))
        let puller = try makeNode("birmingham")
        try trust(puller, at: "https://127.0.0.1:1", in: server)
        let (_, url) = try serve(server)
        try trust(server, at: url, in: puller)

        // The pull runs with an 800 KiB file size limit (RLIMIT_FSIZE binds
        // root too; SIGXFSZ is ignored, so a write past it fails with EFBIG
        // instead of killing the process). The store's WAL takes the first
        // page of 500 articles (about 0.5 MiB) and the small writes after
        // it, not the second page (about 1.05 MiB in all): SQLite reports
        // a disk I/O error, as on a full or failing disk.
        let script = #"trap "" XFSZ; ulimit -f 1600; exec "$0" "$@""#
        let env = ProcessRunner.environment(removing: ["SYNCNODE_HOME"], adding: ["NO_COLOR": "1"])
        let result = try ProcessRunner.run("/bin/sh", ["-c", script, binary, "pull", "--home", puller.home, "--json"],
                                           environment: env, currentDirectory: tmp.path)
        XCTAssertEqual(result.status, 1, "this node's failure, not the peer's: \(result)")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result)")
        let peer = try XCTUnwrap(Self.peerReports(json)["rotterdam"], "\(json)")
        XCTAssertEqual(peer["cause"] as? String, "local")
        XCTAssertEqual(Self.int(peer["attempts"]), 1, "a local failure is not retried")
        let error = try XCTUnwrap(peer["error"] as? String)
        XCTAssertTrue(error.hasPrefix("this node failed, not the peer: the store could not be read or written"), error)
        XCTAssertTrue(error.contains("Check free disk space"), error)
        XCTAssertTrue(result.stderr.contains("failed rotterdam: this node failed, not the peer"), result.stderr)
        let pull = try XCTUnwrap(peer["pull"] as? [String: Any], "\(peer)")
        XCTAssertEqual(Self.int(pull["pages"]), 1)
        XCTAssertEqual(Self.int(pull["applied"]), 500)

        // The first page stays, the second is not half-applied; the failure
        // is recorded without blaming the peer.
        XCTAssertEqual(try documents(puller), 500)
        let state = try XCTUnwrap(try peerStatus(puller)["rotterdam"])
        XCTAssertEqual(Self.int(state["pulled_seq"]), 500)
        XCTAssertEqual(state["last_error"] as? String, error)
        XCTAssertEqual(Self.int(state["failures"]), 0, "the peer did nothing wrong: no back-off")
        XCTAssertTrue(state["next_attempt"] is NSNull)
        let run = try XCTUnwrap(try jsonArray(["runs"], home: puller.home).first)
        XCTAssertEqual(run["outcome"] as? String, "failed")
        XCTAssertEqual(run["reason"] as? String, "rotterdam failed: \(error)")

        // Without the limit the same pull completes.
        let again = try jsonObject(["pull"], home: puller.home)
        XCTAssertEqual(again["ok"] as? Bool, true, "\(again)")
        XCTAssertEqual(Self.int((Self.peerReports(again)["rotterdam"]?["pull"] as? [String: Any])?["applied"]), 500,
                       "it resumed after the first page")
        XCTAssertEqual(try documents(puller), 1_000)
    }

    /// `count` synthetic article records (JSON lines) in a file; its path.
    func syntheticRecords(_ count: Int) throws -> String {
        var lines = ""
        for i in 1...count {
            lines += #"{"kind":"article","title":"Run record article \#(i)","summary":"Synthetic record \#(i) for the run record tests.","city":"rotterdam","tags":["synthetic"]}"# + "\n"
        }
        return try tmp.write("synthetic-\(count).jsonl", lines)
    }

    /// The outcome of run `id` as stored in `node`'s store file.
    func stored(_ node: Node, run id: Int) throws -> String {
        let out = try PythonEnv.run(script: Self.storedOutcome, arguments: [node.home + "/store.sqlite", String(id)], stdin: [])
        XCTAssertEqual(out.status, 0, out.stderr)
        return out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
