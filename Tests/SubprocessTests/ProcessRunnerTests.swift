import Foundation
import Subprocess
import XCTest

/// The runner the CLI tests, the throwaway CA and the python cross-checks
/// stand on: if it lies, they all do.
final class ProcessRunnerTests: XCTestCase {
    func testCapturesStdoutStderrStatusAndFeedsStdin() throws {
        let input = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let result = try ProcessRunner.run("/bin/sh", ["-c", "cat; printf 'to stderr' >&2; exit 3"], stdin: input)
        XCTAssertEqual(result.status, 3)
        XCTAssertFalse(result.signalled)
        XCTAssertFalse(result.timedOut)
        XCTAssertEqual(result.stdoutData, input, "200 kB through a pipe both ways without deadlock")
        XCTAssertEqual(result.stderr, "to stderr")
    }

    func testPassesTheEnvironmentAndWorkingDirectory() throws {
        let tmp = NSTemporaryDirectory() + "subprocess-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let result = try ProcessRunner.run("/bin/sh", ["-c", "printf '%s|%s|%s' \"$ONE\" \"${TWO-unset}\" \"$(pwd)\""],
                                           environment: ["ONE": "1", "PATH": "/usr/bin:/bin"], currentDirectory: tmp)
        let resolved = URL(fileURLWithPath: tmp).resolvingSymlinksInPath().path
        XCTAssertEqual(result.stdout, "1|unset|\(resolved)")
        XCTAssertEqual(ProcessRunner.environment(removing: ["HOME"], adding: ["X_TEST": "y"])["X_TEST"], "y")
        XCTAssertNil(ProcessRunner.environment(removing: ["HOME"])["HOME"])
    }

    /// A relative program path is this process's, whatever directory the
    /// child starts in.
    func testARelativeProgramIsFoundFromThisProcesssDirectory() throws {
        let here = FileManager.default.currentDirectoryPath
        let tmp = NSTemporaryDirectory() + "subprocess-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: tmp + "/bin", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        XCTAssertTrue(FileManager.default.createFile(atPath: tmp + "/bin/hello", contents: Data("#!/bin/sh\necho hello from $(pwd)\n".utf8),
                                                    attributes: [.posixPermissions: 0o755]))
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(tmp))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(here) }
        let result = try ProcessRunner.run("bin/hello", currentDirectory: "/")
        XCTAssertEqual(result.stdout, "hello from /\n", "\(result)")
    }

    func testAChildThatIgnoresItsInputDoesNotKillTheRunner() throws {
        let result = try ProcessRunner.run("/bin/sh", ["-c", "exit 0"], stdin: Data(count: 4_000_000))
        XCTAssertEqual(result.status, 0)
    }

    func testAHungChildIsKilledByPIDAfterTheTimeout() throws {
        let result = try ProcessRunner.run("/bin/sleep", ["600"], timeout: 0.3)
        XCTAssertTrue(result.timedOut)
        XCTAssertTrue(result.signalled)
        XCTAssertEqual(result.status, 128 + SIGKILL)
    }

    func testAMissingProgramIsALaunchError() throws {
        XCTAssertThrowsError(try ProcessRunner.run("/nonexistent/program")) { error in
            XCTAssertTrue(error is ProcessRunner.LaunchError, "\(error)")
        }
    }
}
