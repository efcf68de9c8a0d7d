import Foundation
@testable import SyncStore
import XCTest

/// The run record: the process kept from begin to end, the reason, an
/// interrupted run marked only while still `running`, rows written before
/// runs kept their pid still read, and a local failure that does not count
/// against the peer.
final class StoreRunRecordTests: StoreTestCase {
    func testARunKeepsItsProcessFromBeginToFinishWithItsReasonAndPeers() throws {
        let id = try store.beginRun(kind: "manual", process: RunProcess(pid: 4242, startTicks: 987), now: now)
        let running = try XCTUnwrap(try store.runs(limit: 1).first)
        XCTAssertEqual(running.outcome, "running")
        XCTAssertEqual(running.process, RunProcess(pid: 4242, startTicks: 987))
        XCTAssertEqual(running.report, "[]")
        XCTAssertNil(running.reason)
        XCTAssertEqual(try store.unfinishedRuns().map(\.id), [id])

        try store.finishRun(id, outcome: "failed", reason: "lisbon failed: timed out", peers: #"[{"peer":"lisbon"}]"#, now: now + 5)
        let finished = try XCTUnwrap(try store.runs(limit: 1).first)
        XCTAssertEqual(finished.outcome, "failed")
        XCTAssertEqual(finished.finishedAt, now + 5)
        XCTAssertEqual(finished.reason, "lisbon failed: timed out")
        XCTAssertEqual(finished.report, #"[{"peer":"lisbon"}]"#)
        XCTAssertEqual(finished.process, RunProcess(pid: 4242, startTicks: 987))
        XCTAssertEqual(try store.unfinishedRuns(), [])
    }

    func testOnlyARunStillRunningIsMarkedInterrupted() throws {
        let dead = try store.beginRun(kind: "manual", process: RunProcess(pid: 7, startTicks: nil), now: now)
        let done = try store.beginRun(kind: "manual", process: RunProcess(pid: 8, startTicks: nil), now: now)
        try store.finishRun(done, outcome: "ok", reason: nil, peers: "[]", now: now + 1)

        XCTAssertTrue(try store.interruptRun(dead, reason: "the process (pid 7) ended"))
        XCTAssertFalse(try store.interruptRun(done, reason: "must not apply"), "a finished run keeps its outcome")
        XCTAssertFalse(try store.interruptRun(dead, reason: "again"), "already marked")
        let runs = try store.runs(limit: 10)
        XCTAssertEqual(runs.map(\.outcome), ["ok", "interrupted"])
        XCTAssertEqual(runs.map(\.reason), [nil, "the process (pid 7) ended"])
        XCTAssertNil(runs[1].finishedAt, "when the process died is not known")
        XCTAssertEqual(runs[1].process?.pid, 7)
    }

    func testRunsRecordedBeforeRunsKeptTheirPidStillRead() throws {
        try store.db.run("INSERT INTO runs (kind, started_at, finished_at, outcome, report) VALUES ('sync', 1, 2, 'ok', ?)",
                         #"[{"peer":"lisbon","status":"ok"}]"#)
        try store.db.run("INSERT INTO runs (kind, started_at) VALUES ('sync', 3)")
        let runs = try store.runs(limit: 10)
        XCTAssertEqual(runs.map(\.outcome), ["running", "ok"])
        XCTAssertEqual(runs[1].report, #"[{"peer":"lisbon","status":"ok"}]"#)
        XCTAssertNil(runs[1].process)
        XCTAssertEqual(runs[0].report, "[]")
        XCTAssertNil(runs[0].process)
        XCTAssertTrue(try store.interruptRun(runs[0].id, reason: "gone"))
        XCTAssertEqual(try store.runs(limit: 1).first?.reason, "gone")
    }

    func testALocalFailureIsRecordedWithoutCountingAgainstThePeer() throws {
        _ = try store.recordOutcome(peer: "lisbon", error: "timed out", at: now, nextAttempt: { _ in self.now + 30_000 })
        let local = try store.recordOutcome(peer: "lisbon", error: "this node failed: disk full", againstPeer: false,
                                            at: now + 1, nextAttempt: { _ in XCTFail("no back-off for a local failure"); return 0 })
        XCTAssertEqual(local.lastError, "this node failed: disk full")
        XCTAssertEqual(local.lastErrorAt, now + 1)
        XCTAssertEqual(local.failures, 1, "only the peer's own failure counts")
        XCTAssertEqual(local.nextAttempt, now + 30_000)
        XCTAssertEqual(try store.peerState("lisbon"), local)
    }
}
