import Foundation
import Synchronization
import SyncNode

/// The progress line of long pulls, pushes and imports (text: `ProgressText`),
/// rewritten in place on a terminal at most a few times a second; nothing
/// when stderr is not a terminal, or with --quiet or --json.
final class ProgressLine: @unchecked Sendable {
    // @unchecked Sendable: `output` is only used under `lock`, and Output's
    // progress writes are single calls to FileHandle.write.
    private let output: Output
    private let lock = NSLock()
    private var last = Date.distantPast

    init(output: Output) {
        self.output = output
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
        lock.withLock {
            let now = Date()
            guard now.timeIntervalSince(last) > 0.2 else { return }
            last = now
            output.progress(text())
        }
    }
}
