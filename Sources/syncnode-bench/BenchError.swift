/// A benchmark that could not run (setup failed, a child process failed, a
/// result was wrong). Says what failed and what to check.
struct BenchError: Error, CustomStringConvertible {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
