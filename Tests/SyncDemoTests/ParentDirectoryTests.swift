@testable import SyncDemo
import XCTest

/// The demo walks up from the executable to find `Fixtures/`: the parent
/// of a path as NSString's `deletingLastPathComponent` gives it.
final class ParentDirectoryTests: XCTestCase {
    func testParents() {
        let cases = ["/a/b": "/a", "/a/b/": "/a", "/a": "/", "/": "/", "a/b": "a", "b": "", "": "",
                     ".build/release/syncnode": ".build/release", "a//b": "a", "//a": "/", "/work/main/.build/release/syncnode": "/work/main/.build/release"]
        for (path, parent) in cases {
            XCTAssertEqual(DemoRunner.parentDirectory(path), parent, path)
        }
    }
}
