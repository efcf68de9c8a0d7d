import Foundation
@testable import SyncNode
import SyncStore
import XCTest

/// The server's store connections map the store file only when it fits in
/// the map: a larger store's map would cover its start only, and SQLite
/// drops a whole touched map on the first read after any commit.
final class StorePoolTests: FederationTestCase {
    private func mappedBytes(of pool: StorePool) throws -> Int64? {
        try pool.withStore { try $0.db.firstRow("PRAGMA mmap_size")?.int(0) }
    }

    func testAStoreThatFitsIsMappedAndALargerOneIsNot() throws {
        let node = try makeNode("singapore")
        let size = try XCTUnwrap(FileManager.default.sizeOfItem(atPath: node.home.storePath))
        XCTAssertGreaterThan(size, 4096, "the imported fixtures make a store of several pages")

        let fits = StorePool(path: node.home.storePath, mappedBytes: Int(size) * 2)
        XCTAssertEqual(try mappedBytes(of: fits), size * 2, "the store fits: its connections map it")

        let larger = StorePool(path: node.home.storePath, mappedBytes: Int(size) / 2)
        XCTAssertEqual(try mappedBytes(of: larger), 0, "the store is larger than the map: read without one")
        XCTAssertEqual(try larger.withStore { try $0.db.firstRow("SELECT count(*) FROM documents")?.int(0) },
                       try fits.withStore { try $0.db.firstRow("SELECT count(*) FROM documents")?.int(0) },
                       "both read the same store")
    }
}
