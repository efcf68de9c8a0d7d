import Foundation
import TestSupport
import XCTest

/// One sync run at a time per home: `<home>/sync.lock` (flock). A run that
/// finds it held exits 75 at once; a holder that dies releases it, however
/// it died, so a killed run never blocks the next timer tick.
final class OperationsLockTests: OperationsTestCase {
    func testARunExits75WhileAnotherHoldsTheLock() throws {
        let node = try makeNode("birmingham")
        let lockPath = node.home + "/sync.lock"

        // The test process holds the lock, as a running sync would.
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0, "open \(lockPath): errno \(errno)")
        defer { if fd >= 0 { close(fd) } }
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0, "flock: errno \(errno)")
        let pid = Array("\(getpid())\n".utf8)
        XCTAssertEqual(ftruncate(fd, 0), 0)
        XCTAssertEqual(pwrite(fd, pid, pid.count, 0), pid.count)

        for command in ["sync", "pull", "push"] {
            let busy = try atHome([command], home: node.home)
            XCTAssertEqual(busy.status, 75, "\(command): \(busy)")
            XCTAssertEqual(busy.stdout, "")
            XCTAssertEqual(busy.stderr, "Error: another sync run (pid \(getpid())) holds \(lockPath): this run exits; the next scheduled run will try again\n",
                           command)
        }

        XCTAssertEqual(flock(fd, LOCK_UN), 0)
        let free = try jsonObject(["sync"], home: node.home)
        XCTAssertEqual(free["ok"] as? Bool, true, "no peers: nothing to fail")
        XCTAssertEqual((free["peers"] as? [Any])?.count, 0)
    }

    func testAKilledHolderLeavesAStaleLockTheNextRunTakes() throws {
        let node = try makeNode("birmingham")
        let hungNode = try makeNode("hung-city")
        let silent = try LoopbackListener(listening: true)
        defer { silent.close() }
        try trust(hungNode, at: "https://127.0.0.1:\(silent.port)", in: node)
        let lockPath = node.home + "/sync.lock"

        // A real run that hangs on the peer that never answers, holding the lock.
        let holder = try start(["sync", "--home", node.home, "--timeout", "60", "--attempts", "1"], stderr: "holder.log")
        XCTAssertTrue(waitForLockFile(lockPath, toName: holder.pid), "the holder never took the lock: \(holder.stderr)")
        XCTAssertFalse(holder.hasExited)

        let busy = try atHome(["sync"], home: node.home)
        XCTAssertEqual(busy.status, 75, "\(busy)")
        XCTAssertTrue(busy.stderr.contains("another sync run (pid \(holder.pid)) holds \(lockPath)"), busy.stderr)

        // The holder dies without any chance to clean up, once its run is
        // recorded: it takes the lock first, so under a sanitizer on a busy
        // machine the lock file can name it well before the run row exists.
        let recorded = try poll(while: holder, within: 60) {
            try jsonArray(["runs"], home: node.home).first?["outcome"] as? String == "running"
        }
        XCTAssertTrue(recorded, "the holder's run was never shown running: \(holder.stderr)")
        holder.send(SIGKILL)
        XCTAssertEqual(holder.waitForExit(within: 10), 128 + SIGKILL)
        XCTAssertEqual(try String(contentsOfFile: lockPath, encoding: .utf8), "\(holder.pid)\n",
                       "the file still names the dead holder: only the flock counts")
        let runs = try jsonArray(["runs"], home: node.home)
        XCTAssertEqual(runs.first?["outcome"] as? String, "interrupted", "a killed run is never shown running")
        XCTAssertTrue(runs.first?["finished_at"] is NSNull)

        // The next run takes the stale lock and runs to completion.
        let next = try atHome(["sync", "--json", "--timeout", "1", "--attempts", "1"], home: node.home)
        XCTAssertEqual(next.status, 69, "it ran (and the hung peer failed), rather than exiting 75: \(next)")
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: next.stdoutData) as? [String: Any])
        XCTAssertEqual(Self.peerReports(report)["hung-city"]?["status"] as? String, "failed")
        XCTAssertTrue((Self.peerReports(report)["hung-city"]?["error"] as? String ?? "").contains("timed out"))
        XCTAssertEqual(try jsonArray(["runs"], home: node.home).first?["outcome"] as? String, "failed")
    }

    /// Waits (bounded) until the lock file names `pid`: RunLock writes its
    /// pid there right after taking the flock.
    func waitForLockFile(_ path: String, toName pid: Int32) -> Bool {
        for _ in 0..<400 {
            if (try? String(contentsOfFile: path, encoding: .utf8)) == "\(pid)\n" { return true }
            usleep(25_000)
        }
        return false
    }
}
