import XCTest
@testable import SyncCore

/// The view of `siblings`, asserting it is the same for every order of the
/// siblings, with a duplicate thrown in, and for the history in any order.
func permutedView(_ siblings: [Revision], history: [Revision], now: UInt64 = 10_000,
                  file: StaticString = #filePath, line: UInt = #line) -> MergedView {
    let first = MergeRules.view(siblings: siblings, history: history, now: now)
    for order in Fx.permutations(siblings) {
        for h in [history, history.reversed(), history + history] {
            let v = MergeRules.view(siblings: order, history: h, now: now)
            XCTAssertEqual(v, first, "view depends on input order: \(order.map(\.revisionID))", file: file, line: line)
            let withDuplicate = MergeRules.view(siblings: order + [order[0]], history: h, now: now)
            XCTAssertEqual(withDuplicate, first, "view depends on duplicates", file: file, line: line)
        }
    }
    return first
}
