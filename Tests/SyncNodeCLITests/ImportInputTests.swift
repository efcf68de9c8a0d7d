import Foundation
import TestSupport
import XCTest

/// Import files as cities have them: written on Windows (CRLF), in a wrong
/// encoding, with a stray NUL, or at a path that does not exist.
final class ImportInputTests: CLITestCase {
    func testWindowsLineEndingsImport() throws {
        try initHome()
        let jsonl = tmp.path("crlf.jsonl")
        let lines = [#"{"kind": "article", "title": "First"}"#, #"{"kind": "talk", "title": "Second"}"#]
        try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: URL(fileURLWithPath: jsonl))
        let markdown = tmp.path("crlf.md")
        let text = ["---", "kind: article", "title: \"Third\"", "---", "", "Body line one.", "Body line two.", ""]
        try Data(text.joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: markdown))

        let imported = try jsonObject(["import", jsonl])
        XCTAssertEqual((imported["ids"] as? [String])?.count, 2, "\(imported)")
        try succeed(["import", markdown])
        let titles = try jsonArray(["list"]).compactMap { $0["title"] as? String }.sorted()
        XCTAssertEqual(titles, ["First", "Second", "Third"])
        let id = try self.id(ofTitle: "Third")
        XCTAssertEqual(try jsonObject(["show", id])["body"] as? String, "Body line one.\nBody line two.", "CR removed")
    }

    func testInvalidUTF8IsReportedAtItsLine() throws {
        try initHome()
        let file = tmp.path("latin1.jsonl")
        var bytes = Array(#"{"kind": "article", "title": "One"}"#.utf8) + [10]
        bytes += Array(#"{"kind": "article", "title": "Two"}"#.utf8) + [10]
        bytes += Array(#"{"kind": "article", "title": "M"#.utf8) + [0xFC] + Array(#"nchen"}"#.utf8) + [10]
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let result = try atHome(["import", file])
        XCTAssertEqual(result.status, 65, "\(result)")
        XCTAssertTrue(result.stderr.hasPrefix("Error: \(file):3: the file is not valid UTF-8 text"), result.stderr)
    }

    func testNULInATextFieldIsRefused() throws {
        try initHome()
        let file = try tmp.write("nul.jsonl", #"{"kind": "article", "title": "Fine"}"# + "\n" + #"{"kind": "article", "title": "Bad\u0000title"}"# + "\n")
        let result = try atHome(["import", file])
        XCTAssertEqual(result.status, 65, "\(result)")
        XCTAssertTrue(result.stderr.hasPrefix("Error: \(file):2: field 'title': contains a NUL character"), result.stderr)
        XCTAssertEqual(try jsonArray(["list"]).count, 0, "nothing imported")

        let markdown = try tmp.write("nul.md", "---\nkind: article\ntitle: \"Fine\"\n---\n\nA body with a \u{0} in it.\n")
        let md = try atHome(["import", markdown])
        XCTAssertEqual(md.status, 65, "\(md)")
        XCTAssertTrue(md.stderr.contains("field 'body': contains a NUL character"), md.stderr)
    }

    func testAMissingPathExits66() throws {
        try initHome()
        let missing = try atHome(["import", tmp.path("nowhere.jsonl")])
        XCTAssertEqual(missing.status, 66, "\(missing)")
        XCTAssertTrue(missing.stderr.contains("no such file or directory: check the path"), missing.stderr)
    }
}
