import Foundation
import TestSupport
import XCTest

/// `resolve --edit`: the record goes to $EDITOR as JSON and comes back as
/// the resolution. Ctrl-C while the editor runs is the editor's: it must not
/// end syncnode, which would leave the file behind and the editor orphaned.
final class ResolveEditTests: CLITestCase {
    /// An editor that changes the title; first, if asked, it interrupts
    /// syncnode (its nearest ancestor of that name) as a Ctrl-C would.
    private func editor(interrupting: Bool) throws -> String {
        let path = tmp.path("editor.sh")
        let script = """
            #!/bin/sh
            if [ "\(interrupting ? 1 : 0)" = 1 ]; then
              p=$PPID
              while [ "$p" -gt 1 ] && [ "$(cat /proc/$p/comm)" != syncnode ]; do p=$(cut -d' ' -f4 /proc/$p/stat); done
              kill -INT "$p"
              sleep 0.3
            fi
            sed -i -E 's/("title"[[:space:]]*:[[:space:]]*)"[^"]*"/\\1"Edited in the editor"/' "$1"

            """
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(script.utf8), attributes: [.posixPermissions: 0o755]))
        return path
    }

    func testTheEditedRecordIsTheResolutionEvenAfterAnInterrupt() throws {
        try initHomeWithCities()
        try FileManager.default.createDirectory(atPath: tmp.path("t"), withIntermediateDirectories: true)
        let id = try id(ofTitle: "BRUM and Birmingham's customer service strategy")
        for interrupting in [false, true] {
            let script = try editor(interrupting: interrupting)
            let result = try syncnode(["resolve", id, "--edit", "--home", home],
                                      environment: ["EDITOR": script, "VISUAL": script, "TMPDIR": tmp.path("t")])
            XCTAssertEqual(result.status, 0, "interrupting: \(interrupting): \(result)")
            let shown = try jsonObject(["show", id])
            XCTAssertEqual(shown["title"] as? String, "Edited in the editor", "\(shown)")
            try succeed(["edit", id, "--set", "title=BRUM and Birmingham's customer service strategy"])
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path("t")), [], "the edited file is removed")
    }
}
