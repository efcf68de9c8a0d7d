import Foundation

// syncnode-conformance: black-box checks of a protocol v1 node (docs/protocol.md).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let options: ConformanceOptions
do { options = try ConformanceOptions.parse(Array(CommandLine.arguments.dropFirst())) } catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}
do {
    let suite = try ConformanceSuite(options: options)
    let failures = suite.run(report: say)
    say(failures == 0 ? "conformance: all checks passed or skipped" : "conformance: \(failures) check(s) failed")
    exit(failures == 0 ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("syncnode-conformance: \(error)\n".utf8))
    exit(2)
}
