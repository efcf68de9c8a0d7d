import Foundation
import XCTest

/// Help text and usage errors, against the built binary (no home needed).
final class HelpAndUsageTests: CLITestCase {
    static let listHelp = """
        OVERVIEW: List documents, newest first.

        USAGE: syncnode list [<kind>] [<options>]

        ARGUMENTS:
          <kind>                  articles or talks (default: both).

        OPTIONS:
          --category <C>          Only this category.
          --city <X>              Only this city.
          --tag <T>               Only documents with this tag.
          --since <DATE>          Only documents dated on or after DATE (YYYY-MM-DD).
          --limit <N>             At most N rows (default 100; stderr says when more match).
          --json                  Print a JSON array.
          --home <DIR>            The node's home directory (default: $SYNCNODE_HOME, else ./.syncnode).
          -h, --help              Show help information.

        EXAMPLES:
          syncnode list talks --city singapore
              Singapore's talks, newest first.
          syncnode list --tag open-data --since 2026-01-01 --json
              Documents tagged open-data dated this year, as JSON.


        """

    /// Asserts a successful run that printed only to stdout, and returns stdout.
    private func helpText(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try syncnode(arguments)
        XCTAssertEqual(result.status, 0, "\(arguments): \(result)", file: file, line: line)
        XCTAssertEqual(result.stderr, "", "\(arguments)", file: file, line: line)
        return result.stdout
    }

    func testTopLevelHelpHasTheSectionsAndListsEveryCommand() throws {
        let help = try helpText(["--help"])
        XCTAssertTrue(help.hasPrefix("OVERVIEW: A city's node in the syncnode federation"), help)
        var previous = help.startIndex
        for header in ["OVERVIEW: ", "\nUSAGE: syncnode <subcommand>\n", "\nOPTIONS:\n", "\nSUBCOMMANDS:\n", "\nEXAMPLES:\n"] {
            guard let range = help.range(of: header) else { XCTFail("no '\(header)' in:\n\(help)"); continue }
            XCTAssertGreaterThanOrEqual(range.lowerBound, previous, "'\(header)' out of order")
            previous = range.lowerBound
        }
        XCTAssertTrue(help.contains("\n  --home <DIR>  "), help)
        XCTAssertTrue(help.contains("\n  -h, --help  "), help)
        let subcommands = try XCTUnwrap(help.components(separatedBy: "\nSUBCOMMANDS:\n").last?.components(separatedBy: "\nEXAMPLES:\n").first)
        let names = subcommands.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        for command in ["init", "whoami", "article", "talk", "edit", "delete", "import", "export", "list", "show",
                        "search", "stats", "help"] {
            XCTAssertTrue(names.contains(command), "'\(command)' not listed in SUBCOMMANDS: \(names)")
        }
        XCTAssertTrue(help.contains("See 'syncnode help <subcommand>' for detailed help."))
        // Every help line is a sentence ending in a period.
        for row in subcommands.split(separator: "\n") where row.hasPrefix("  ") && !row.hasPrefix("  See") {
            XCTAssertTrue(row.hasSuffix("."), "help text is not a sentence: '\(row)'")
        }

        XCTAssertEqual(try helpText(["-h"]), help)
        XCTAssertEqual(try helpText(["help"]), help)
        XCTAssertEqual(try helpText([]), help, "no arguments prints the help")
    }

    func testListHelpIsExactlyTheGoldenText() throws {
        XCTAssertEqual(try helpText(["list", "--help"]), Self.listHelp)
        XCTAssertEqual(try helpText(["list", "-h"]), Self.listHelp)
        XCTAssertEqual(try helpText(["help", "list"]), Self.listHelp)
        XCTAssertEqual(try helpText(["list", "--json", "--help"]), Self.listHelp, "--help wins over other options")
    }

    func testSearchHelpExplainsPhrasesAndPrefixes() throws {
        let help = try helpText(["help", "search"])
        XCTAssertTrue(help.contains("Put words in double quotes to find them as a phrase"), help)
        XCTAssertTrue(help.contains("End a word or a phrase with *"), help)
    }

    func testEveryCommandHasHelpWithItsSections() throws {
        for command in [["init"], ["whoami"], ["article", "add"], ["talk", "add"], ["edit"], ["delete"], ["import"],
                        ["export"], ["show"], ["search"], ["stats"]] {
            let help = try helpText(command + ["--help"])
            XCTAssertTrue(help.hasPrefix("OVERVIEW: "), "\(command): \(help)")
            XCTAssertTrue(help.contains("\nUSAGE: syncnode \(command.joined(separator: " "))"), "\(command): \(help)")
            XCTAssertTrue(help.contains("\nOPTIONS:\n"), "\(command)")
            XCTAssertTrue(help.contains("--home <DIR>"), "\(command)")
            XCTAssertTrue(help.contains("\nEXAMPLES:\n  syncnode \(command.joined(separator: " "))"), "\(command): \(help)")
            XCTAssertEqual(try helpText(["help"] + command), help, "\(command)")
        }
        let show = try helpText(["show", "--help"])
        XCTAssertTrue(show.contains("\nARGUMENTS:\n  <id>  "), show)
        XCTAssertTrue(show.contains("\n  --history  "), show)
        let add = try helpText(["article", "add", "--help"])
        XCTAssertTrue(add.contains("--published-date <YYYY-MM-DD>"), add)
        XCTAssertTrue(add.contains("--tags <TAG>"), add)
    }

    func testAnUnknownOptionIsAUsageErrorInThreeLinesOnStderr() throws {
        let result = try syncnode(["list", "--bogus"])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, """
            Error: Unknown option '--bogus'
            Usage: syncnode list [<kind>] [<options>]
              See 'syncnode list --help' for more information.

            """)
    }

    func testANearMissSuggestsTheOption() throws {
        let result = try syncnode(["list", "--limt", "3"])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.hasPrefix("Error: Unknown option '--limt'\nDid you mean '--limit'?\n"), result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix("  See 'syncnode list --help' for more information.\n"), result.stderr)
    }

    func testAnUnknownCommandIsAUsageError() throws {
        let result = try syncnode(["frobnicate"])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, """
            Error: Unknown command 'frobnicate'
            Usage: syncnode <subcommand>
              See 'syncnode --help' for more information.

            """)
        let nearMiss = try syncnode(["lst"])
        XCTAssertEqual(nearMiss.status, 64)
        XCTAssertTrue(nearMiss.stderr.contains("Did you mean 'list'?"), nearMiss.stderr)
        let unknownHelp = try syncnode(["help", "frobnicate"])
        XCTAssertEqual(unknownHelp.status, 64)
        XCTAssertTrue(unknownHelp.stderr.hasPrefix("Error: Unknown command 'frobnicate'\n"), unknownHelp.stderr)
    }

    func testOtherUsageErrorsNameTheProblemAndExit64() throws {
        let cases: [([String], String)] = [
            (["show"], "Error: Missing expected argument '<id>'\nUsage: syncnode show <id> [<options>]\n"),
            (["show", "a.b", "c.d"], "Error: Unexpected argument 'c.d'\n"),
            (["list", "--limit", "zero"], "Error: Invalid value 'zero' for '--limit': expected a whole number from 1 to 1000000\n"),
            (["list", "--limit"], "Error: Missing value for '--limit <N>'\n"),
            (["list", "--json=yes"], "Error: Option '--json' takes no value\n"),
            (["list", "--city", "a", "--city", "b"], "Error: Option '--city' given more than once\n"),
            (["list", "--since", "2022-13-01"], "Error: Invalid value '2022-13-01' for '--since': expected YYYY-MM-DD\n"),
            (["list", "posters"], "Error: Invalid kind 'posters': expected 'articles' or 'talks'\n"),
            (["edit", "a.b"], "Error: Nothing to change: give --set FIELD=VALUE or --unset FIELD\n"),
            (["edit", "a.b", "--set", "title"], "Error: Invalid value 'title' for '--set': expected FIELD=VALUE\n"),
            (["article"], "Error: Missing subcommand: one of add\n"),
            (["list", "-x"], "Error: Unknown option '-x'\n"),
        ]
        for (arguments, prefix) in cases {
            let result = try syncnode(arguments, environment: ["SYNCNODE_HOME": tmp.path("nowhere")])
            XCTAssertEqual(result.status, 64, "\(arguments): \(result)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
            XCTAssertTrue(result.stderr.hasPrefix(prefix), "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasSuffix("--help' for more information.\n"), "\(arguments): \(result.stderr)")
        }
    }
}
