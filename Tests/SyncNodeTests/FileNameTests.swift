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
}
