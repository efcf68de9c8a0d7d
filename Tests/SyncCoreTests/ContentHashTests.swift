import XCTest
@testable import SyncCore

final class ContentHashTests: XCTestCase {
    func testSHA256KnownAnswers() {
        XCTAssertEqual(PortableSHA256.hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(PortableSHA256.hex(Array("abc".utf8)),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(PortableSHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(PortableSHA256.hex([UInt8](repeating: 0x61, count: 1_000)),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    func testContentHashIsPinnedAndIndependentOfInsertionOrder() {
        var a = Content()
        a["title"] = .text("Hello")
        a["tags"] = .list(["b", "a", "a"])
        var b = Content()
        b["tags"] = .list(["a", "b"])
        b["title"] = .text("Hello")
        XCTAssertEqual(ContentHash.of(a, tombstone: false), ContentHash.of(b, tombstone: false))
        XCTAssertEqual(ContentHash.bytes(of: a, tombstone: false),
                       [0, 0, 0, 19] + Array("syncnode-content-v1".utf8) + [0, 0, 0, 0, 2]
                       + [0, 0, 0, 4] + Array("tags".utf8) + [2, 0, 0, 0, 2, 0, 0, 0, 1, 0x61, 0, 0, 0, 1, 0x62]
                       + [0, 0, 0, 5] + Array("title".utf8) + [1, 0, 0, 0, 5] + Array("Hello".utf8))
        // Pinned (computed independently with Python's hashlib): changing the
        // encoding would change every node's tie-breaks, so it must be deliberate.
        XCTAssertEqual(ContentHash.of(a, tombstone: false),
                       "31dc2223490350042feed4accfe445681fc41ba4d8e1205b8eee03860706c7df")
    }

    func testTombstoneFlagAndEveryFieldChangeTheHash() {
        let c = Fx.article(title: "T", tags: ["x"])
        var hashes = Set<String>()
        hashes.insert(ContentHash.of(c, tombstone: false))
        hashes.insert(ContentHash.of(c, tombstone: true))
        hashes.insert(ContentHash.of(Fx.article(title: "T"), tombstone: false))
        hashes.insert(ContentHash.of(Fx.article(title: "T", tags: ["y"]), tombstone: false))
        hashes.insert(ContentHash.of(Fx.content(["title": .text("T"), "x": .list(["tags"])]), tombstone: false))
        hashes.insert(ContentHash.of(Content(), tombstone: false))
        XCTAssertEqual(hashes.count, 6)
    }
}
