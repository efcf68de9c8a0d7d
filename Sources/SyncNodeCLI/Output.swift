import FoundationEssentials
import Glibc
import SyncCore
import SyncNode

/// Where commands write: stdout for results, stderr for errors, progress
/// and diagnostics. Knows whether stdout/stderr are terminals.
final class Output {
    var quiet = false
    /// False with --json: a script reading the JSON gets no progress
    /// lines even on a terminal.
    var showsProgress = true
    let stderrIsTerminal: Bool
    let colour: Bool

    init(environment: [String: String]) {
        stderrIsTerminal = isatty(2) == 1
        colour = environment["NO_COLOR"] == nil && isatty(1) == 1
    }

    func print(_ text: String) {
        StandardStream.output.write(text + "\n")
    }

    func printJSON(_ value: JSONValue) {
        print(value.prettyText())
    }

    func error(_ text: String) {
        StandardStream.error.write(text + "\n")
    }

    /// A one-line note on stderr (suppressed by --quiet).
    func note(_ text: String) {
        if !quiet { error(text) }
    }

    /// A progress line that rewrites itself, only on a terminal.
    func progress(_ text: String) {
        guard showsProgressLines else { return }
        Self.writeProgress(text)
    }

    /// Whether progress lines are shown: stderr is a terminal, and neither
    /// --quiet nor --json was given.
    var showsProgressLines: Bool { stderrIsTerminal && !quiet && showsProgress }

    /// Rewrites the progress line on stderr (one write; callers check
    /// `showsProgressLines`).
    static func writeProgress(_ text: String) {
        StandardStream.error.write("\r\u{1B}[K" + text)
    }

    func endProgress() {
        guard showsProgressLines else { return }
        StandardStream.error.write("\r\u{1B}[K")
    }
}

@available(*, unavailable)
extension Output: Sendable {}
