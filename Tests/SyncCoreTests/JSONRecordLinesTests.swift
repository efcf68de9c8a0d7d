import SyncCore
import XCTest

/// `JSONParser.parseRecords` numbers array elements by the line they start
/// on (counted incrementally), and errors still name the right line.
final class JSONRecordLinesTests: XCTestCase {
    func testElementsAndErrorsCarryTheirLines() throws {
        let count = 2_000
        let text = "[\n" + (0..<count).map { "  {\"n\": \($0),\n   \"s\": \"x\"}" }.joined(separator: ",\n") + "\n]\n"
        let records = try JSONParser.parseRecords(text)
        XCTAssertEqual(records.count, count)
        XCTAssertEqual(records.map(\.line), (0..<count).map { 2 + 2 * $0 })

        let broken = "[\n{\"a\": 1},\n\n{\"b\": 2},\n{\"c\": }\n]"
        XCTAssertThrowsError(try JSONParser.parseRecords(broken)) { error in
            let e = error as? JSONParseError
            XCTAssertEqual(e?.line, 5)
            XCTAssertEqual(e?.column, 7)
        }
        XCTAssertEqual(try JSONParser.parseRecords("\n\n{\"one\": true}").map(\.line), [3])
    }
}
