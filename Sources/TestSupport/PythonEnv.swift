import Foundation
import Subprocess

/// Runs python3 scripts for cross-checks against third-party
/// implementations (e.g. `http-message-signatures`).
///
/// A missing interpreter or module is reported as a failure message, never
/// a skip: CI installs them (`python3 -m pip install 'http-message-signatures==3.0.0' cryptography`).
package enum PythonEnv {
    package struct Output: Sendable {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// The first `python3` on PATH, or nil.
    package static func python3() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = String(dir) + "/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Fails with an install hint unless python3 can import every module.
    package static func require(modules: [String], pipPackages: [String]) throws {
        guard python3() != nil else {
            throw Failure(description: "python3 is not on PATH; install Python 3.11+ and run: python3 -m pip install \(pipPackages.joined(separator: " "))")
        }
        let probe = modules.map { "import \($0)" }.joined(separator: "\n")
        let out = try run(script: probe, stdin: [])
        guard out.status == 0 else {
            throw Failure(description: "python3 cannot import \(modules.joined(separator: ", ")); run: python3 -m pip install \(pipPackages.joined(separator: " "))\n\(out.stderr)")
        }
    }

    /// Runs `script` with `python3 -c`, feeding `stdin`; kills the process
    /// (by its pid) if it runs longer than `timeoutSeconds`.
    package static func run(script: String, arguments: [String] = [], stdin: [UInt8],
                           timeoutSeconds: Double = 60) throws -> Output {
        guard let python = python3() else { throw Failure(description: "python3 is not on PATH") }
        let result = try ProcessRunner.run(python, ["-c", script] + arguments, stdin: Data(stdin), timeout: timeoutSeconds)
        if result.timedOut {
            throw Failure(description: "python3 did not finish within \(timeoutSeconds) s and was killed")
        }
        return Output(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }
}
