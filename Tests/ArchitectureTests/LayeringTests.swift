import Foundation
import XCTest

/// The module graph of docs/architecture.md, enforced: every `import` in
/// Sources/ must be allowed by the table "Allowed imports" or listed under
/// "Known exceptions" (which must still be in use).
final class LayeringTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func testEveryImportInSourcesIsAllowedByTheArchitectureDocument() throws {
        let document = try String(contentsOf: Self.root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        let rules = try LayeringRules(markdown: document)
        let edges = try Self.importEdges(in: Self.root.appendingPathComponent("Sources"))
        XCTAssertFalse(edges.isEmpty, "no Swift imports found under Sources/")
        let modules = Set(edges.map(\.module))
        for module in modules.sorted() where rules.allowed[module] == nil {
            XCTFail("module \(module) has no row in docs/architecture.md's \"Allowed imports\" table: add one")
        }
        var used = Set<String>()
        for edge in edges {
            let key = "\(edge.module) -> \(edge.imported)"
            if rules.exceptions.contains(key) { used.insert(key); continue }
            guard let allowed = rules.allowed[edge.module] else { continue }
            XCTAssertTrue(allowed.contains(edge.imported),
                          "\(edge.file) imports \(edge.imported), which docs/architecture.md does not allow for \(edge.module)")
        }
        for stale in rules.exceptions.subtracting(used).sorted() {
            XCTFail("the known exception \(stale) is no longer used: remove it from docs/architecture.md")
        }
    }

    /// The rules must reject what they should: a pure module importing
    /// Foundation, the CLI importing SQLite directly.
    func testTheRulesRefuseAForbiddenEdge() throws {
        let document = try String(contentsOf: Self.root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        let rules = try LayeringRules(markdown: document)
        XCTAssertEqual(rules.allowed["SyncCore"], [], "SyncCore is pure")
        XCTAssertFalse(rules.allowed["SyncProtocol"]?.contains("Foundation") ?? true)
        XCTAssertFalse(rules.allowed["SyncNodeCLI"]?.contains("SQLite") ?? true)
        XCTAssertFalse(rules.allowed["SyncStore"]?.contains("CSQLite") ?? true, "only SQLite wraps sqlite3")
    }

    func testImportLinesAreReadOnlyFromTheFileHeader() throws {
        let text = """
            // A comment
            import Foundation
            @testable import SyncStore
            internal import CSQLite
            #if canImport(Glibc)
            import Glibc
            #endif

            let script = \"\"\"
            import json
            \"\"\"
            """
        XCTAssertEqual(Self.imports(in: text), ["Foundation", "SyncStore", "CSQLite", "Glibc"])
    }

    struct Edge {
        var module: String
        var imported: String
        var file: String
    }

    /// Every import of every Swift file, by module (the folder under Sources/).
    static func importEdges(in sources: URL) throws -> [Edge] {
        var edges: [Edge] = []
        let fm = FileManager.default
        for module in try fm.contentsOfDirectory(atPath: sources.path).sorted() {
            let folder = sources.appendingPathComponent(module)
            guard let walker = fm.enumerator(atPath: folder.path) else { continue }
            for case let path as String in walker where path.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
                for imported in imports(in: text) where imported != "Swift" {
                    edges.append(Edge(module: module, imported: imported, file: "Sources/\(module)/\(path)"))
                }
            }
        }
        return edges
    }

    /// The modules a file imports: its header (imports, comments, blank
    /// lines, `#if`), stopping at the first declaration, so that an
    /// `import` inside a string literal further down is not taken.
    static func imports(in text: String) -> [String] {
        var result: [String] = []
        var inBlockComment = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if inBlockComment {
                if line.contains("*/") { inBlockComment = false }
                continue
            }
            if line.isEmpty || line.hasPrefix("//") || line.hasPrefix("#") { continue }
            if line.hasPrefix("/*") { inBlockComment = !line.contains("*/"); continue }
            var words = line.split(separator: " ").map(String.init)
            while let first = words.first, first.hasPrefix("@") || ["internal", "public", "package", "private", "fileprivate"].contains(first) {
                words.removeFirst()
            }
            guard words.first == "import", words.count >= 2 else { break }
            let kinds: Set<String> = ["typealias", "struct", "class", "enum", "protocol", "let", "var", "func"]
            let name = kinds.contains(words[1]) && words.count >= 3 ? words[2] : words[1]
            result.append(String(name.split(separator: ".").first ?? Substring(name)))
        }
        return result
    }
}
