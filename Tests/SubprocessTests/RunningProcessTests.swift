import Foundation
import Subprocess
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
}
