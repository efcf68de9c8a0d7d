import SyncCore
@testable import SyncStore
import XCTest

/// `ContentJSON.encode` writes the stored content directly. Its bytes must
/// be those of the content as a `JSONValue` object: a serving node splices
/// them into pages whose bytes must not change (ServedPageBytesTests).
final class ContentJSONTests: XCTestCase {
    private func reference(_ c: Content) -> String {
        var o: [String: JSONValue] = [:]
        for (k, v) in c.fields {
            switch v {
            case .text(let s): o[k] = .string(s)
            case .list(let l): o[k] = .array(l.map { .string($0) })
            }
        }
        return JSONValue.object(o).text
    }

    func testTheStoredTextIsTheContentsJSONValue() throws {
        let texts = ["", "plain", "quote \" back \\ slash /", "ctl \u{01}\u{1F}\n\t", "naïve — 東京 🚋", "Zürich", "Zu\u{308}rich",
                     "\u{D55C}\u{AD6D}", "\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}"]
        let keys = ["title", "summary", "body", "tags", "z", "a_b", "é", "Z", "émoji🚋", "title2"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var c = Content()
            for key in keys.shuffled(using: &rng).prefix(Int.random(in: 0...keys.count, using: &rng)) {
                c[key] = Bool.random(using: &rng)
                    ? .text(texts.randomElement(using: &rng)! + texts.randomElement(using: &rng)!)
                    : .list((0..<Int.random(in: 0...3, using: &rng)).map { _ in texts.randomElement(using: &rng)! })
            }
            let stored = ContentJSON.encode(c)
            XCTAssertEqual(Array(stored.utf8), Array(reference(c).utf8))
            XCTAssertEqual(try ContentJSON.decode(stored), c)
        }
    }
}
