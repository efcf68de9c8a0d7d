import FoundationEssentials
import Synchronization
import SyncNode

/// The progress line of long pulls, pushes and imports (text: `ProgressText`),
/// rewritten in place on a terminal at most a few times a second; nothing
/// when stderr is not a terminal, or with --quiet or --json.
final class ProgressLine: Sendable {
    /// Decided once, from the output's settings (--quiet and --json are
    /// parsed before any command runs): the line is shared with the sync
    /// threads, and `Output` is not.
    private let enabled: Bool
    /// When the line was last written.
    private let last = Mutex(Date.distantPast)

    init(output: Output) {
        enabled = output.showsProgressLines
    }

    func show(peer: String, _ r: TransferReport) {
        update {
            ProgressText.transfer(peer: peer, direction: r.direction, received: r.received, bytes: r.bytes, seconds: r.seconds,
                                  startSeq: r.startSeq, seq: r.seq, headSeq: r.peerHeadSeq)
        }
    }

    func showImport(read: Int, written: Int, since started: Date) {
        update { ProgressText.importing(read: read, written: written, seconds: Date().timeIntervalSince(started)) }
    }

    /// Writes the line unless one was written in the last 0.2 s (the text
    /// is only made when it is shown).
    private func update(_ text: () -> String) {
        guard enabled else { return }
        last.withLock { last in
            let now = Date()
            guard now.timeIntervalSince(last) > 0.2 else { return }
            last = now
            Output.writeProgress(text())
        }
    }
}
