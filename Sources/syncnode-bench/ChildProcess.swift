import Foundation
import Subprocess
import SyncCore

/// Runs this executable again with a hidden subcommand, so that one side of
/// a measurement (the pulling node) has a process, and a peak memory, of its
/// own. The child prints one JSON object on stdout; its stderr passes through.
enum ChildProcess {
    static func run(_ arguments: [String]) throws -> JSONValue {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let child = try RunningProcess(exe, arguments, stdout: .capture, stderr: .inherit)
        let status = child.waitForExit(within: nil)
        let text = child.stdout
        guard status == 0 else {
            throw BenchError("child `syncnode-bench \(arguments.joined(separator: " "))` (pid \(child.pid)) failed with status \(status.map(String.init) ?? "?"): \(text)")
        }
        let last = text.split(separator: "\n").last.map(String.init) ?? ""
        do { return try JSONParser.parse(last) } catch {
            throw BenchError("child `syncnode-bench \(arguments.first ?? "")` printed no JSON result (\(error)): \(text.prefix(500))")
        }
    }
}
