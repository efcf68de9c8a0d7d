@testable import SyncDemo
import SyncNode
import XCTest

/// The demo's per-city lookups: a missing city is a clear error, not a trap.
final class CityTableTests: XCTestCase {
    func testALookupOfACityNotSetUpThrowsNamingIt() throws {
        var homes = CityTable<NodeHome>(of: "node home")
        homes.set("birmingham", NodeHome(path: "/tmp/b"))
        XCTAssertEqual(try homes.get("birmingham").path, "/tmp/b")
        XCTAssertThrowsError(try homes.get("singapore")) { error in
            XCTAssertEqual("\(error)", "the demo has no node home for singapore (it has: birmingham); a step of the demo ran out of order")
        }
        homes.removeAll()
        XCTAssertThrowsError(try homes.get("birmingham")) { error in
            XCTAssertTrue("\(error)".contains("(it has: none yet)"), "\(error)")
        }
    }

    func testValuesComeInCityOrder() {
        var table = CityTable<Int>(of: "number")
        table.set("singapore", 2)
        table.set("birmingham", 1)
        XCTAssertEqual(table.cities, ["birmingham", "singapore"])
        XCTAssertEqual(table.all, [1, 2])
    }
}
