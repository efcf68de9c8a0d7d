import SyncCore
import XCTest

/// Node names and document ids are checked byte by byte. They must accept
/// exactly what the rule says: a slug of a-z, 0-9 and single hyphens,
/// starting with a letter, at most 40 characters; an id is such a name, a
/// dot, and 1...64 of a-z 0-9 - _. Compared with the rule written over
/// Unicode scalars, on edge cases and random strings with non-ASCII text.
final class NodeNameTests: XCTestCase {
    private func slugByRule(_ s: String) -> Bool {
        let u = Array(s.unicodeScalars)
        return !u.isEmpty && u.count <= NodeName.maxLength
            && u.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && ("a"..."z").contains(u[0]) && u.last != "-" && !s.contains("--")
    }

    private func idByRule(_ s: String) -> Bool {
        guard let dot = s.firstIndex(of: "."), slugByRule(String(s[..<dot])) else { return false }
        let suffix = s[s.index(after: dot)...]
        return (1...64).contains(suffix.count)
            && suffix.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    func testEdgeCases() {
        for good in ["a", "birmingham", "new-york", "a1", "x-1-y", String(repeating: "a", count: 40)] {
            XCTAssertNoThrow(try NodeName.validate(good), good)
        }
        for bad in ["", "1a", "-a", "a-", "a--b", "A", "é", "naïve", "new york", "a.b", "a_b", String(repeating: "a", count: 41), "a\u{0}"] {
            XCTAssertThrowsError(try NodeName.validate(bad), bad)
        }
        XCTAssertTrue(DocumentID.isValid("birmingham.0123456789abcdefghjkmnpqrs"))
        XCTAssertTrue(DocumentID.isValid("new-york.a_b-c"))
        XCTAssertTrue(DocumentID.isValid("a." + String(repeating: "z", count: 64)))
        for bad in ["birmingham", "birmingham.", ".abc", "Birmingham.abc", "birmingham.ABC", "birmingham.a.b", "a." + String(repeating: "z", count: 65),
                    "birmingham.é", "a-.x", "birmingham.a b"] {
            XCTAssertFalse(DocumentID.isValid(bad), bad)
        }
    }

    func testRandomStringsAgreeWithTheRule() {
        let alphabet = "abz09-_.A é東🚋".map(String.init) + ["\u{301}", "--", ".."]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let s = (0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
            XCTAssertEqual((try? NodeName.validate(s)) != nil, slugByRule(s), s.debugDescription)
            XCTAssertEqual(DocumentID.isValid(s), idByRule(s), s.debugDescription)
            let id = "ab." + s
            XCTAssertEqual(DocumentID.isValid(id), idByRule(id), id.debugDescription)
        }
    }
}
