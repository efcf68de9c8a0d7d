import XCTest
@testable import SyncNodeCLI

/// Every command's `--help` has examples, and every example parses against
/// the command tree (not run): an example cannot outlive an option it uses.
final class CommandExampleTests: XCTestCase {
    /// Every command and group of the tree, with its path (root: []).
    static func walk(_ spec: CommandSpec, path: [String] = []) -> [(path: [String], spec: CommandSpec)] {
        [(path, spec)] + spec.subcommands.flatMap { walk($0, path: path + [$0.name]) }
    }

    func testEveryCommandHasAnExample() {
        let all = Self.walk(CommandTree.root)
        XCTAssertGreaterThan(all.count, 30, "the walk reaches the subcommands")
        for (path, spec) in all {
            XCTAssertFalse(spec.examples.isEmpty, "'syncnode \(path.joined(separator: " "))' has no example in its --help")
            for e in spec.examples {
                XCTAssertTrue(e.command.hasPrefix("syncnode "), "\(path): '\(e.command)'")
                XCTAssertFalse(e.explanation.isEmpty, "\(path): '\(e.command)' says nothing about what it does")
            }
        }
    }

    func testEveryExampleParsesAndOneExampleShowsItsOwnCommand() throws {
        for (path, spec) in Self.walk(CommandTree.root) {
            var showsItself = false
            for e in spec.examples {
                let argv = try ShellWords.split(e.command).dropFirst()
                let parsed: ArgumentParser.Result
                do { parsed = try ArgumentParser.parse(Array(argv), root: CommandTree.root) } catch let error as UsageError {
                    XCTFail("example of 'syncnode \(path.joined(separator: " "))' does not parse: \(e.command)\n\(error.message)")
                    continue
                }
                switch parsed {
                case .run(_, let args):
                    XCTAssertFalse(args.flag("help"), e.command)
                    if args.command.starts(with: path) { showsItself = true }
                case .help(_, let target):
                    XCTAssertEqual(path, ["help"], "only `syncnode help` examples print help: \(e.command)")
                    XCTAssertFalse(target.isEmpty, e.command)
                    showsItself = true
                }
            }
            XCTAssertTrue(showsItself, "no example of 'syncnode \(path.joined(separator: " "))' runs that command")
        }
    }

    func testAnExampleWithAMisspelledOptionIsCaught() throws {
        let argv = try ShellWords.split("syncnode list --cty singapore").dropFirst()
        XCTAssertThrowsError(try ArgumentParser.parse(Array(argv), root: CommandTree.root))
        XCTAssertEqual(try ShellWords.split(#"syncnode edit x --set summary="a b" '"open data"' c\ d"#),
                       ["syncnode", "edit", "x", "--set", "summary=a b", "\"open data\"", "c d"])
    }

    func testHelpShowsTheExamplesLast() {
        let help = HelpRenderer.help(ListCommand.spec, path: ["list"])
        XCTAssertTrue(help.hasSuffix("""

            EXAMPLES:
              syncnode list talks --city singapore
                  Singapore's talks, newest first.
              syncnode list --tag open-data --since 2026-01-01 --json
                  Documents tagged open-data dated this year, as JSON.

            """), help)
    }
}
