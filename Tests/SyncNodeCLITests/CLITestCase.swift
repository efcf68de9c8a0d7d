import Foundation
import Subprocess
import SyncCrypto
import TestSupport
import XCTest

/// Runs the built `syncnode` binary like a user would: in a temporary
/// working directory, with a temporary home, and with no SYNCNODE_HOME
/// inherited from the environment the tests run in.
class CLITestCase: XCTestCase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let citiesPath = repositoryRoot + "/Fixtures/cities"
    static let testDataPath = repositoryRoot + "/Fixtures/test-data"
    /// Documents in Fixtures/cities.
    static let fixtureArticles = 18
    static let fixtureTalks = 7

    private(set) var tmp: TemporaryDirectory!
    private(set) var binary = ""
    /// The home most tests use (created by `initHome`).
    var home: String { tmp.path("home") }
    var storePath: String { home + "/store.sqlite" }

    override func setUpWithError() throws {
        binary = try BuiltProducts.executable("syncnode")
        tmp = try TemporaryDirectory(prefix: "syncnode-cli-test")
    }

    override func tearDown() {
        tmp = nil
    }

    /// Runs `syncnode arguments...` in the temporary directory.
    func syncnode(_ arguments: [String], environment extra: [String: String] = [:],
                  stdin: Data? = nil) throws -> ProcessRunner.Result {
        let env = ProcessRunner.environment(removing: ["SYNCNODE_HOME"], adding: ["NO_COLOR": "1"].merging(extra) { $1 })
        let result = try ProcessRunner.run(binary, arguments, environment: env, stdin: stdin,
                                           currentDirectory: tmp.path, timeout: 60)
        XCTAssertFalse(result.timedOut, "syncnode \(arguments) timed out")
        XCTAssertFalse(result.signalled, "syncnode \(arguments) crashed: \(result)")
        return result
    }

    /// Runs `syncnode arguments... --home <home>`.
    func atHome(_ arguments: [String], home: String? = nil) throws -> ProcessRunner.Result {
        try syncnode(arguments + ["--home", home ?? self.home])
    }

    /// Runs at the home and asserts exit 0 with nothing on stderr.
    @discardableResult
    func succeed(_ arguments: [String], home: String? = nil,
                 file: StaticString = #filePath, line: UInt = #line) throws -> ProcessRunner.Result {
        let result = try atHome(arguments, home: home)
        XCTAssertEqual(result.status, 0, "syncnode \(arguments.joined(separator: " ")): \(result)", file: file, line: line)
        XCTAssertEqual(result.stderr, "", "syncnode \(arguments.joined(separator: " "))", file: file, line: line)
        return result
    }

    /// Runs at the home with `--json` and parses stdout.
    func json(_ arguments: [String], home: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        let result = try succeed(arguments + ["--json"], home: home, file: file, line: line)
        return try JSONSerialization.jsonObject(with: result.stdoutData, options: [.fragmentsAllowed])
    }

    /// `json` for commands that print an array of objects.
    func jsonArray(_ arguments: [String], home: String? = nil, file: StaticString = #filePath,
                   line: UInt = #line) throws -> [[String: Any]] {
        let value = try json(arguments, home: home, file: file, line: line)
        return try XCTUnwrap(value as? [[String: Any]], "not an array of objects: \(value)", file: file, line: line)
    }

    /// `json` for commands that print one object.
    func jsonObject(_ arguments: [String], home: String? = nil, file: StaticString = #filePath,
                    line: UInt = #line) throws -> [String: Any] {
        let value = try json(arguments, home: home, file: file, line: line)
        return try XCTUnwrap(value as? [String: Any], "not an object: \(value)", file: file, line: line)
    }

    /// Creates a node home at `home` named `name`.
    func initHome(name: String = "testville", home: String? = nil) throws {
        try succeed(["init", "--name", name], home: home)
    }

    /// Creates the home and imports Fixtures/cities into it.
    func initHomeWithCities(home: String? = nil) throws {
        try initHome(home: home)
        let result = try succeed(["import", Self.citiesPath], home: home)
        XCTAssertEqual(result.stdout, "imported 25 records from 18 files: 25 created, 0 updated, 0 unchanged\n")
    }

    /// The id of the one document whose title is `title`.
    func id(ofTitle title: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let rows = try jsonArray(["list", "--limit", "1000"], file: file, line: line)
        let ids = rows.filter { $0["title"] as? String == title }.compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.count, 1, "documents titled '\(title)'", file: file, line: line)
        return try XCTUnwrap(ids.first, file: file, line: line)
    }

    /// SHA-256 of the file at `path`, or "absent".
    static func digest(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "absent" }
        return SHA256.hexDigest(Array(data))
    }

    static let emptyDigest = SHA256.hexDigest([])

    /// Digests of the store file and its -wal and -shm companions.
    func storeDigests() -> [String: String] {
        ["store": Self.digest(storePath), "wal": Self.digest(storePath + "-wal"), "shm": Self.digest(storePath + "-shm")]
    }
}
