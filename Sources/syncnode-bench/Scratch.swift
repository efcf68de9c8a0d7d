import Foundation

/// A temporary directory for one benchmark run, removed at the end unless
/// `SYNCNODE_BENCH_KEEP` is set (to inspect the stores).
final class Scratch {
    let path: String

    init(_ name: String) throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let template = "\(base)/syncnode-bench-\(name)-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else {
            throw BenchError("cannot create a temporary directory under \(base) (errno \(errno)): set TMPDIR to a writable directory")
        }
        path = String(cString: made)
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit {
        if ProcessInfo.processInfo.environment["SYNCNODE_BENCH_KEEP"] != nil {
            Progress.say("kept \(path)")
        } else {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
