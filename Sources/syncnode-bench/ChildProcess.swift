import Foundation
import SyncCore

/// Runs this executable again with a hidden subcommand, so that one side of
/// a measurement (the pulling node) has a process, and a peak memory, of its
/// own. The child prints one JSON object on stdout; its stderr passes through.
enum ChildProcess {
    static func run(_ arguments: [String]) throws -> JSONValue {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else {
            throw BenchError("child `syncnode-bench \(arguments.joined(separator: " "))` (pid \(p.processIdentifier)) failed with status \(p.terminationStatus): \(text)")
        }
        let last = text.split(separator: "\n").last.map(String.init) ?? ""
        do { return try JSONParser.parse(last) } catch {
            throw BenchError("child `syncnode-bench \(arguments.first ?? "")` printed no JSON result (\(error)): \(text.prefix(500))")
        }
    }
}
