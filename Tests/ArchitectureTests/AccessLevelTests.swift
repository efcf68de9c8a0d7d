import Foundation
import XCTest

/// Every module belongs to this one package, so what crosses modules is
/// `package` (docs/architecture.md, "Access levels"): a `public`
/// declaration would claim an API for other packages that nobody offers.
final class AccessLevelTests: XCTestCase {
    /// A declaration made `public` (not a word in a comment or a string).
    static let publicDeclaration = try! NSRegularExpression(
        pattern: #"^\s*(@\w+(\([^)]*\))?\s+)*public\s+(private\(set\)\s+|internal\(set\)\s+)?(static\s+|final\s+|override\s+|mutating\s+|convenience\s+|required\s+|indirect\s+|nonisolated\s+)*(func|var|let|init|struct|enum|class|protocol|extension|typealias|subscript|case|actor|import)\b"#)

    static func publicDeclarations(in text: String) -> [Int] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { n, line in
            let s = String(line)
            let range = NSRange(s.startIndex..., in: s)
            return publicDeclaration.firstMatch(in: s, range: range) == nil ? nil : n + 1
        }
    }

    func testNoModuleDeclaresPublicAPI() throws {
        let sources = LayeringTests.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        XCTAssertGreaterThan(files.count, 100, "found the sources")
        var found: [String] = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            found += Self.publicDeclarations(in: text).map { "Sources/\(file):\($0)" }
        }
        XCTAssertEqual(found, [], "declare these `package` (docs/architecture.md, \"Access levels\")")
    }

    /// The check sees what it should, and not comments or messages.
    func testTheCheckFindsPublicDeclarationsOnly() {
        XCTAssertEqual(Self.publicDeclarations(in: "public struct A {}\n    @discardableResult public func f() {}\n  public private(set) var x = 1"), [1, 2, 3])
        XCTAssertEqual(Self.publicDeclarations(in: "/// the public key\nlet m = \"its public key\"\npackage func g() {}"), [])
    }
}
