import Foundation
import TestSupport
import XCTest

/// The helpers the CLI tests stand on: if these lie, every CLI test does.
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
        let tmp = try TemporaryDirectory()
        let result = try ProcessRunner.run("/bin/sh", ["-c", "printf '%s|%s|%s' \"$ONE\" \"${TWO-unset}\" \"$(pwd)\""],
                                           environment: ["ONE": "1", "PATH": "/usr/bin:/bin"], currentDirectory: tmp.path)
        let resolved = URL(fileURLWithPath: tmp.path).resolvingSymlinksInPath().path
        XCTAssertEqual(result.stdout, "1|unset|\(resolved)")
        XCTAssertEqual(ProcessRunner.environment(removing: ["HOME"], adding: ["X_TEST": "y"])["X_TEST"], "y")
        XCTAssertNil(ProcessRunner.environment(removing: ["HOME"])["HOME"])
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

    func testTheBuiltSyncnodeIsBesideTheTestBundle() throws {
        let dir = try BuiltProducts.directory()
        let binary = try BuiltProducts.executable("syncnode")
        XCTAssertEqual(binary, dir + "/syncnode")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary))
        XCTAssertThrowsError(try BuiltProducts.executable("no-such-product")) { error in
            XCTAssertTrue("\(error)".contains("no executable 'no-such-product'"), "\(error)")
        }
    }

    func testATemporaryDirectoryIsPrivateAndRemovedWithItsLastReference() throws {
        var tmp: TemporaryDirectory? = try TemporaryDirectory(prefix: "runner-test")
        let path = try XCTUnwrap(tmp?.path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        let file = try XCTUnwrap(tmp?.write("a/b.txt", "hello"))
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "hello")
        XCTAssertNotEqual(try TemporaryDirectory(prefix: "runner-test").path, path)
        tmp = nil
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }
}
