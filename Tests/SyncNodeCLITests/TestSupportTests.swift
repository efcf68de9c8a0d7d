import Foundation
import TestSupport
import XCTest

/// The helpers the CLI tests stand on: if these lie, every CLI test does.
final class TestSupportTests: XCTestCase {
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
