import Foundation
import SQLite
import Subprocess
@testable import SyncNode
import SyncStore
import TestSupport
import XCTest

/// Telling a dead run from a live one, and what a local failure tells the
/// operator to do.
final class RunHistoryTests: XCTestCase {
    var tmp: TemporaryDirectory!
    var store: Store!
    var home: NodeHome { NodeHome(path: tmp.path) }

    override func setUpWithError() throws {
        tmp = try TemporaryDirectory(prefix: "run-history-test")
        store = try Store.create(at: tmp.path("store.sqlite"), nodeName: "birmingham", now: 1_700_000_000_000)
    }

    override func tearDown() {
        store = nil
        tmp = nil
    }

    /// The pid of a process that ran and was reaped.
    func deadPID() throws -> Int32 {
        let child = try RunningProcess("/bin/true")
        XCTAssertEqual(child.waitForExit(within: 10), 0)
        return child.pid
    }

    func testAProcessRunsOnlyWithItsOwnStartTime() throws {
        let me = RunProcess.current
        XCTAssertEqual(me.pid, getpid())
        XCTAssertTrue(me.isRunning)
        #if os(Linux)
        let ticks = try XCTUnwrap(me.startTicks)
        XCTAssertFalse(RunProcess(pid: me.pid, startTicks: ticks + 1).isRunning, "the pid reused by a later process")
        #endif
        XCTAssertFalse(RunProcess(pid: try deadPID(), startTicks: nil).isRunning)
        XCTAssertFalse(RunProcess(pid: 0, startTicks: nil).isRunning, "never the process group")
    }

    func testADeadRunIsShownInterruptedAndMarkedSoOnlyByTheNextRun() throws {
        let gone = try deadPID()
        let dead = try store.beginRun(kind: "sync", process: RunProcess(pid: gone, startTicks: nil), now: 1)
        let parent = RunProcess(pid: getppid(), startTicks: RunProcess.procStat(getppid())?.startTicks)
        let live = try store.beginRun(kind: "sync", process: parent, now: 2)
        let mine = try store.beginRun(kind: "scheduled", process: .current, now: 3)

        let shown = try RunHistory.runs(store, limit: 10, home: home)
        XCTAssertEqual(shown.map(\.id), [mine, live, dead])
        XCTAssertEqual(shown.map(\.outcome), ["running", "running", "interrupted"])
        XCTAssertEqual(shown[2].reason, "the process (pid \(gone)) ended without finishing the run: killed or crashed")
        XCTAssertEqual(try store.unfinishedRuns().map(\.id), [dead, live, mine], "showing writes nothing")

        // A new run (holding the lock) marks the dead one, and a run of
        // this very process that never recorded its end.
        XCTAssertEqual(try RunHistory.repair(store, home: home), [dead, mine])
        XCTAssertEqual(try store.unfinishedRuns().map(\.id), [live])
        let stored = try store.runs(limit: 10)
        XCTAssertEqual(stored.map(\.outcome), ["interrupted", "running", "interrupted"])
        XCTAssertEqual(stored[2].reason, shown[2].reason)
        XCTAssertTrue(stored[0].reason?.contains("could not record how the run ended") == true, "\(stored[0])")
    }

    func testAnOldRunningRowWithoutPidIsDeadUnlessTheLockHolderRuns() throws {
        try store.db.run("INSERT INTO runs (kind, started_at) VALUES ('sync', 1)")
        try "\(getpid())\n".write(toFile: home.lockPath, atomically: true, encoding: .utf8)
        XCTAssertEqual(try RunHistory.runs(store, limit: 1, home: home).first?.outcome, "running", "the lock's holder may be it")
        try "\(try deadPID())\n".write(toFile: home.lockPath, atomically: true, encoding: .utf8)
        XCTAssertEqual(try RunHistory.runs(store, limit: 1, home: home).first?.outcome, "interrupted")
    }

    func testALocalStoreFailureSaysWhatToDo() {
        let full = PeerError.local(peer: "lisbon", SQLiteError(code: 13, message: "database or disk is full"))
        XCTAssertEqual(full.kind, .local)
        XCTAssertTrue(full.message.hasPrefix("this node failed, not the peer: the disk holding the store is full"), full.message)
        XCTAssertTrue(full.message.contains("Free disk space"), full.message)
        let io = PeerError.localAdvice(SQLiteError(code: 778, message: "disk I/O error"))
        XCTAssertTrue(io.hasPrefix("the store could not be read or written (SQLite error 778"), io)
        XCTAssertTrue(PeerError.localAdvice(SQLiteError(code: 11, message: "database disk image is malformed")).contains("Restore it from a backup"))
        XCTAssertTrue(PeerError.localAdvice(SQLiteError(code: 8, message: "attempt to write a readonly database")).contains("permissions"))
        XCTAssertEqual(PeerError.localAdvice(StoreError.corrupt("x")), StoreError.corrupt("x").description)
    }
}
