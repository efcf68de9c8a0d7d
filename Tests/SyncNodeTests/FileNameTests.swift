import Foundation
@testable import SyncNode
import XCTest

/// File helpers that stand in for Foundation's in the binary.
final class FileNameTests: XCTestCase {
    /// Import picks files by extension: as NSString's, lowercased.
    func testPathExtensionAsNSStringGivesIt() {
        for path in ["a.json", "dir/b.JSONL", "c.md", "dir.d/noext", "archive.tar.gz", "/abs/x.Md", "trailing.", "none", "d/e/f.json"] {
            XCTAssertEqual(RecordReader.pathExtension(path), (path as NSString).pathExtension.lowercased(), path)
        }
    }

    /// A file system error reads as the system's words, not a type dump.
    func testFileProblemNamesTheCause() throws {
        XCTAssertThrowsError(try FileManager.default.createDirectory(atPath: "/proc/no/such", withIntermediateDirectories: true)) { error in
            XCTAssertEqual(FileProblem.describe(error), "No such file or directory")
        }
        XCTAssertEqual(FileProblem.describe(POSIXError(.EACCES)), "Permission denied")
    }

    /// A directory import: files by extension, in path order; names
    /// starting with "." skipped without being entered; links not followed.
    func testADirectoryWalk() throws {
        let root = FileManager.default.temporaryDirectory.path + "/walk-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        for dir in ["sub", ".git/objects", "nested/deeper", "sub/.cache"] {
            try FileManager.default.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        }
        for file in ["a.json", "sub/b.md", ".git/objects/c.json", "nested/deeper/d.JSONL", "sub/.cache/e.json", "sub/.f.json", "x.txt"] {
            XCTAssertTrue(FileManager.default.createFile(atPath: root + "/" + file, contents: Data("{}".utf8)))
        }
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/sub")
        try FileManager.default.createSymbolicLink(atPath: root + "/g.json", withDestinationPath: root + "/a.json")
        XCTAssertEqual(try RecordReader.files(at: root), ["a.json", "nested/deeper/d.JSONL", "sub/b.md"].map { root + "/" + $0 })
        XCTAssertEqual(try RecordReader.files(at: root + "/a.json"), [root + "/a.json"])
    }
}

/// A lock file read while a shorter pid is written over a longer one.
final class RunLockHolderTests: XCTestCase {
    func testTheHolderIsTheFirstLine() {
        XCTAssertEqual(RunLock.holder(in: "789\n56"), "789")
        XCTAssertEqual(RunLock.holder(in: "12345\n"), "12345")
        XCTAssertEqual(RunLock.holder(in: " 42 "), "42")
        XCTAssertEqual(RunLock.holder(in: ""), "")
    }
}
