import Foundation
import Subprocess
import Synchronization
import XCTest

/// The background child the demo's servers, the benchmark's servers and the
/// operations tests run as.
final class RunningProcessTests: XCTestCase {
    func testFirstLineWhileItRunsThenStopByPID() throws {
        let child = try RunningProcess("/bin/sh", ["-c", "echo 'listening on x'; exec sleep 600"])
        XCTAssertEqual(child.firstLine(within: 10), "listening on x")
        XCTAssertFalse(child.hasExited)
        XCTAssertEqual(child.stop(grace: 5), 128 + SIGTERM)
        XCTAssertTrue(child.wasSignalled)
        XCTAssertTrue(child.hasExited)
    }

    func testAChildThatIgnoresSIGTERMIsKilledAfterTheGrace() throws {
        let child = try RunningProcess("/bin/sh", ["-c", "trap '' TERM; echo ready; while :; do sleep 1; done"])
        XCTAssertEqual(child.firstLine(within: 10), "ready")
        XCTAssertEqual(child.stop(grace: 0.3), 128 + SIGKILL)
    }

    func testASilentChildThatExitsHasNoFirstLine() throws {
        let child = try RunningProcess("/bin/sh", ["-c", "printf 'no newline'; exit 4"])
        XCTAssertNil(child.firstLine(within: 10))
        XCTAssertEqual(child.waitForExit(within: 10), 4)
        XCTAssertEqual(child.stdout, "no newline")
        XCTAssertFalse(child.wasSignalled)
    }

    /// The demo's servers write their URL line to a file (a kept server
    /// outlives the demo): the first line is read from there.
    func testFirstLineFromAFileWhileItRuns() throws {
        let out = NSTemporaryDirectory() + "running-process-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let child = try RunningProcess("/bin/sh", ["-c", "sleep 0.2; echo 'listening on y'; exec sleep 600"], stdout: .file(out))
        XCTAssertEqual(child.firstLine(within: 10), "listening on y")
        XCTAssertEqual(child.stdout, "", "not captured")
        XCTAssertEqual(child.stop(grace: 5), 128 + SIGTERM)
    }

    func testOutputToAFileAndToNowhere() throws {
        let log = NSTemporaryDirectory() + "running-process-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let child = try RunningProcess("/bin/sh", ["-c", "echo out; echo err >&2"], stdout: .null, stderr: .file(log))
        XCTAssertEqual(child.waitForExit(within: 10), 0)
        XCTAssertEqual(child.stdout, "")
        XCTAssertEqual(try String(contentsOfFile: log, encoding: .utf8), "err\n")
    }

    func testAnUncreatableOutputFileIsALaunchError() throws {
        XCTAssertThrowsError(try RunningProcess("/bin/true", stderr: .file("/nonexistent/dir/log"))) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/dir/log"), "\(error)")
        }
    }

    /// What this process ignores or blocks (the test runner, `serve`'s
    /// SIGTERM, the SIGPIPE a child's input needs ignored) is not the
    /// child's: an editor or a server started from here gets every signal.
    func testTheChildStartsWithDefaultSignalsAndNoneBlocked() throws {
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGUSR1)
        var old = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &old)
        defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
        let child = try RunningProcess("/bin/sh", ["-c", "exec grep -E '^Sig(Ign|Blk)' /proc/self/status"])
        XCTAssertEqual(child.waitForExit(within: 10), 0)
        // Signals 1-31 (the low 31 bits); glibc keeps 32 and 33 for itself.
        let masks = Dictionary(uniqueKeysWithValues: child.stdout.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t")
            return (String(parts[0]), UInt64(parts[1], radix: 16).map { $0 & 0x7FFF_FFFF })
        })
        XCTAssertEqual(masks["SigBlk:"], 0, child.stdout)
        XCTAssertEqual(masks["SigIgn:"], 0, child.stdout)
    }

    /// The child holds no descriptor but its three: a pipe of another
    /// child (or of this one) left open in it would keep that pipe's reader
    /// from ever seeing its end.
    func testTheChildInheritsOnlyItsThreeDescriptors() throws {
        let other = try RunningProcess("/bin/sh", ["-c", "exec sleep 600"], stdin: .bytes(Data("x".utf8)))
        defer { other.stop(grace: 5) }
        let child = try RunningProcess("/bin/sh", ["-c", "exec ls -1 /proc/self/fd"], stdin: .bytes(Data("y".utf8)))
        XCTAssertEqual(child.waitForExit(within: 10), 0)
        // 3 is the directory `ls` itself opens.
        XCTAssertEqual(child.stdout.split(separator: "\n"), ["0", "1", "2", "3"], child.stdout)
    }

    func testAMissingWorkingDirectoryIsALaunchError() throws {
        XCTAssertThrowsError(try RunningProcess("/bin/true", currentDirectory: "/nonexistent/dir")) { error in
            XCTAssertTrue("\(error)".contains("No such file or directory"), "\(error)")
        }
    }

    /// Many children at once, from many threads: each gets its own output
    /// and status, and every wait ends (no pipe held open by a sibling).
    func testChildrenStartedFromManyThreadsAtOnce() throws {
        let results = Mutex([Int: (Int32?, String)]())
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            let child = try? RunningProcess("/bin/sh", ["-c", "echo child \(i); exit \(i % 5)"])
            let status = child?.waitForExit(within: 20)
            let output = child?.stdout ?? ""
            results.withLock { $0[i] = (status, output) }
        }
        let all = results.withLock { $0 }
        for i in 0..<16 {
            XCTAssertEqual(all[i]?.0, Int32(i % 5), "child \(i)")
            XCTAssertEqual(all[i]?.1, "child \(i)\n")
        }
    }

    /// A grandchild that keeps the pipes open bounds the whole wait, not
    /// each of the threads reading them (10 s in all).
    func testAGrandchildHoldingThePipesDoesNotStretchTheWaitPerPipe() throws {
        let start = ContinuousClock.now
        let child = try RunningProcess("/bin/sh", ["-c", "sleep 25 & echo $!; exit 0"], stdin: .bytes(Data("x".utf8)))
        XCTAssertEqual(child.waitForExit(within: 5), 0)
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(18), "one 10 s budget for the three threads, not 10 s each")
        // The grandchild, stopped by its PID.
        let grandchild = try XCTUnwrap(Int32(child.stdout.split(separator: "\n").first ?? ""), child.stdout)
        XCTAssertEqual(kill(grandchild, SIGTERM), 0)
    }

    /// A line written just before exiting is read, not lost in the pipe.
    func testTheFirstLineOfAChildThatExitsAtOnce() throws {
        for _ in 0..<50 {
            let child = try RunningProcess("/bin/sh", ["-c", "echo ready"])
            XCTAssertEqual(child.firstLine(within: 10), "ready")
            child.waitForExit(within: 10)
        }
    }
}
