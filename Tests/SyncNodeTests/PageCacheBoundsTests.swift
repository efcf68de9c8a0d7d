@testable import SyncNode
import XCTest

/// PageCache stays within its bytes and its number of pages, dropping the
/// oldest first, whatever pages peers ask for.
final class PageCacheBoundsTests: XCTestCase {
    private func entry(bytes: Int) -> PageCache.Entry {
        PageCache.Entry(body: [UInt8](repeating: 0x20, count: bytes), contentDigest: "", etag: nil,
                        basis: .log(head: 0, entries: 0))
    }

    private func key(_ since: UInt64) -> PageCache.Key {
        PageCache.Key(since: since, limit: 100, exclude: nil)
    }

    func testTheOldestPagesGoFirstWhenTheBytesRunOut() {
        let cache = PageCache(maxBytes: 1000, maxPages: 100)
        for since in 0..<5 { cache.store(entry(bytes: 300), for: key(UInt64(since))) }
        XCTAssertEqual(cache.usage.pages, 3)
        XCTAssertEqual(cache.usage.bytes, 900)
        XCTAssertNil(cache.entry(key(0)))
        XCTAssertNil(cache.entry(key(1)))
        XCTAssertNotNil(cache.entry(key(4)))
        cache.store(entry(bytes: 2000), for: key(9))   // larger than the whole cache: not kept
        XCTAssertNil(cache.entry(key(9)))
        XCTAssertEqual(cache.usage.pages, 3)
    }

    func testManyTinyPagesAreBoundedByCount() {
        let cache = PageCache(maxBytes: 1 << 20, maxPages: 8)
        for since in 0..<1000 { cache.store(entry(bytes: 10), for: key(UInt64(since))) }
        XCTAssertEqual(cache.usage.pages, 8)
        XCTAssertEqual(cache.usage.bytes, 80)
        XCTAssertNotNil(cache.entry(key(999)))
        XCTAssertNil(cache.entry(key(991)))
    }

    func testReplacingAndRemovingKeepTheByteCount() {
        let cache = PageCache(maxBytes: 1000, maxPages: 8)
        cache.store(entry(bytes: 100), for: key(1))
        cache.store(entry(bytes: 200), for: key(1))
        XCTAssertEqual(cache.usage.pages, 1)
        XCTAssertEqual(cache.usage.bytes, 200)
        cache.remove(key(1))
        XCTAssertEqual(cache.usage.pages, 0)
        XCTAssertEqual(cache.usage.bytes, 0)
    }
}
