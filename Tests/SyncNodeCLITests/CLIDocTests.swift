import Foundation
import XCTest
@testable import SyncNodeCLI

/// docs/cli.md lists every top-level field that each command prints with
/// `--json`, checked against the real binary on a small node, so that the
/// document cannot fall behind the code.
final class CLIDocTests: CLITestCase {
    /// Command (`list`, `peer show`) → the top-level fields docs/cli.md
    /// lists for it: its `### ` headings name the commands, the first cell
    /// of each table row below them the field.
    static func documentedFields() throws -> [String: Set<String>] {
        let text = try String(contentsOfFile: repositoryRoot + "/docs/cli.md", encoding: .utf8)
        var fields: [String: Set<String>] = [:]
        var current: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { current = [] }
            if line.hasPrefix("### ") {
                current = backticked(String(line)).compactMap { span in
                    let words = span.split(separator: " ").map(String.init)
                    guard words.first == "syncnode", words.contains("--json") else { return nil }
                    return words.dropFirst().filter { $0.allSatisfy { $0.isLowercase || $0 == "-" } && !$0.hasPrefix("-") }
                        .joined(separator: " ")
                }
                continue
            }
            guard line.hasPrefix("| "), let cell = line.split(separator: "|").first else { continue }
            for name in backticked(String(cell)) where !name.contains(".") && !name.contains("[") {
                for command in current { fields[command, default: []].insert(name) }
            }
        }
        return fields
    }

    static func backticked(_ s: String) -> [String] {
        s.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// The top-level keys of an object, or of every object of an array.
    static func keys(_ value: Any) -> Set<String> {
        if let o = value as? [String: Any] { return Set(o.keys) }
        if let a = value as? [[String: Any]] { return a.reduce(into: []) { $0.formUnion($1.keys) } }
        return []
    }

    func testTheDocumentListsEveryFieldEachCommandPrints() throws {
        let documented = try Self.documentedFields()
        var printed: [String: Set<String>] = [:]
        printed["init"] = Self.keys(try json(["init", "--name", "testville"]))
        printed["import"] = Self.keys(try json(["import", Self.citiesPath]))
        printed["list"] = Self.keys(try json(["list"]))
        let id = try XCTUnwrap(try jsonArray(["list", "--limit", "1"]).first?["id"] as? String)
        printed["show"] = Self.keys(try json(["show", id, "--history", "--siblings"]))
        printed["edit"] = Self.keys(try json(["edit", id, "--set", "summary=Checked by the doc test"]))
        printed["article add"] = Self.keys(try json(["article", "add", "--title", "A doc test article"]))
        printed["talk add"] = Self.keys(try json(["talk", "add", "--title", "A doc test talk"]))
        printed["stats"] = Self.keys(try json(["stats"]))
        printed["status"] = Self.keys(try json(["status"]))
        printed["search"] = Self.keys(try json(["search", "open"]))
        printed["conflicts"] = Self.keys(try json(["conflicts"]))
        printed["rejected"] = Self.keys(try json(["rejected"]))
        printed["sync"] = Self.keys(try json(["sync"]))
        printed["runs"] = Self.keys(try json(["runs"]))
        printed["whoami"] = Self.keys(try json(["whoami"]))
        printed["peer list"] = Self.keys(try json(["peer", "list"]))
        printed["backup"] = Self.keys(try json(["backup", tmp.path("backup.sqlite")]))
        printed["migrate"] = Self.keys(try json(["migrate", "--compact"]))
        XCTAssertTrue(printed["search"]?.contains("snippet") ?? false, "the search found something: \(printed)")
        for (command, fields) in printed {
            let listed = documented[command] ?? []
            XCTAssertFalse(listed.isEmpty, "docs/cli.md has no section for `syncnode \(command) --json`")
            XCTAssertEqual(fields.subtracting(listed), [], "`syncnode \(command) --json` prints fields docs/cli.md does not list")
        }
        XCTAssertFalse(printed["whoami"]?.isEmpty ?? true)
    }

    func testEveryCommandWithJSONHasASection() throws {
        let documented = try Self.documentedFields()
        let missing = CommandExampleTests.walk(CommandTree.root)
            .filter { $0.spec.options.contains { $0.name == "json" } }
            .map { $0.path.joined(separator: " ") }
            .filter { documented[$0] == nil }
        XCTAssertEqual(missing, [], "commands with --json that docs/cli.md does not describe")
    }

    func testTheREADMELinksTheDocument() throws {
        let readme = try String(contentsOfFile: Self.repositoryRoot + "/README.md", encoding: .utf8)
        XCTAssertTrue(readme.contains("[docs/cli.md](docs/cli.md)"))
    }
}
