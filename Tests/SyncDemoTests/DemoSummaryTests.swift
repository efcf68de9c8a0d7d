import SyncCore
@testable import SyncDemo
import XCTest

/// `syncnode demo --json`: the verdict needs every check, and the field
/// names are a contract.
final class DemoSummaryTests: XCTestCase {
    func passing() -> DemoSummary {
        var summary = DemoSummary()
        summary.everyNodeHoldsEveryFixture = true
        summary.mergedViewIdentical = true
        summary.fieldMergeClean = true
        summary.conflictIdentical = true
        summary.searchFoundOtherCitysTalk = true
        return summary
    }

    func testOkNeedsEveryCheck() {
        XCTAssertTrue(passing().ok)
        for check in [\DemoSummary.everyNodeHoldsEveryFixture, \.mergedViewIdentical, \.fieldMergeClean,
                      \.conflictIdentical, \.searchFoundOtherCitysTalk] {
            var summary = passing()
            summary[keyPath: check] = false
            XCTAssertFalse(summary.ok, "\(check)")
        }
    }

    func testJSONFieldNames() throws {
        var summary = passing()
        summary.seconds = 1.234
        summary.nodes = [.init(name: "birmingham", home: "/h", url: "https://127.0.0.1:1", webURL: "https://127.0.0.1:1/",
                               ca: "/d/tls/demo-ca.pem", pid: 42, documents: 18, conflicts: 1, viewDigest: "abc")]
        guard case .object(let top) = summary.json, case .array(let nodes)? = top["nodes"],
              case .object(let node)? = nodes.first else { return XCTFail("\(summary.json)") }
        XCTAssertEqual(Set(top.keys), ["ok", "directory", "kept", "fixtures", "every_node_holds_every_fixture",
                                       "merged_view_identical", "field_merge_clean", "conflict_identical",
                                       "conflict_fields", "search_found_other_citys_talk", "seconds", "nodes"])
        XCTAssertEqual(Set(node.keys), ["name", "home", "url", "web_url", "ca", "pid", "documents", "conflicts", "view_digest"])
        XCTAssertEqual(top["seconds"], .double(1.23))
        XCTAssertEqual(top["ok"], .bool(true))
    }
}
