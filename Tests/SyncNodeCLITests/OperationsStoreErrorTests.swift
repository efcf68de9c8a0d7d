import Foundation
import Subprocess
import TestSupport
import XCTest

/// The store errors an operator meets, each as one sentence that says what
/// happened and what to do: a home this user may not write, a home that lost
/// its store but kept its key.
final class OperationsStoreErrorTests: OperationsTestCase {
    /// Tests run as root, where `chmod -R a-w` changes nothing. What a
    /// non-owner meets is that SQLite cannot create the store's `-wal` and
    /// `-shm` files ("SQLite error 14" before): directories in their place
    /// make that happen for root too.
    func testReadOnlyCommandsWorkWhereTheStoreCannotBeWritten() throws {
        let node = try makeNode("birmingham", importing: Self.citiesPath + "/birmingham")
        let id = try XCTUnwrap(try jsonArray(["list"], home: node.home).first?["id"] as? String)
        let wal = try? FileManager.default.attributesOfItem(atPath: node.home + "/store.sqlite-wal")
        XCTAssertEqual((wal?[.size] as? NSNumber)?.intValue ?? 0, 0, "every write checkpointed into store.sqlite")
        for suffix in ["-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: node.home + "/store.sqlite" + suffix)
            try FileManager.default.createDirectory(atPath: node.home + "/store.sqlite" + suffix, withIntermediateDirectories: false)
        }
        XCTAssertEqual(try ProcessRunner.run("/bin/chmod", ["-R", "a-w", node.home]).status, 0)
        defer { _ = try? ProcessRunner.run("/bin/chmod", ["-R", "u+w", node.home]) }

        let status = try jsonObject(["status"], home: node.home)
        XCTAssertEqual(Self.int(status["documents"]), 5, "\(status)")
        XCTAssertEqual(try jsonArray(["list"], home: node.home).count, 5)
        XCTAssertEqual(try jsonObject(["show", id], home: node.home)["id"] as? String, id)
        try succeed(["peer", "list"], home: node.home)
        try succeed(["whoami"], home: node.home)

        let write = try atHome(["edit", id, "--set", "category=Changed"], home: node.home)
        XCTAssertEqual(write.status, 1, "\(write)")
        let lines = write.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one sentence: \(write.stderr)")
        XCTAssertTrue(write.stderr.contains("the store cannot be written"), write.stderr)
        XCTAssertTrue(write.stderr.contains("Run the command as the home's owner"), write.stderr)
        XCTAssertFalse(write.stderr.contains("while executing"), "no SQL: \(write.stderr)")
    }

    func testAHomeWithAKeyButNoStoreSaysWhatHappened() throws {
        let node = try makeNode("birmingham")
        let key = try String(contentsOfFile: node.home + "/node-key.pem", encoding: .utf8)
        try FileManager.default.removeItem(atPath: node.home + "/store.sqlite")

        let list = try atHome(["list"], home: node.home)
        XCTAssertEqual(list.status, 66, "\(list)")
        XCTAssertTrue(list.stderr.contains("has this node's key (node-key.pem) but no store (store.sqlite)"), list.stderr)
        XCTAssertTrue(list.stderr.contains("Restoring a node"), list.stderr)
        XCTAssertFalse(list.stderr.contains("create one with"), list.stderr)

        let again = try atHome(["init", "--name", "birmingham"], home: node.home)
        XCTAssertEqual(again.status, 73, "\(again)")
        XCTAssertTrue(again.stderr.contains("but no store (store.sqlite)"), again.stderr)
        XCTAssertEqual(try String(contentsOfFile: node.home + "/node-key.pem", encoding: .utf8), key, "the key is untouched")
    }
}
