import Foundation
import Synchronization
import SyncNode

/// The progress line of long pulls and pushes: revisions, bytes and rate,
/// rewritten in place on a terminal at most a few times a second; nothing
/// when stderr is not a terminal or with --quiet.
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
        lock.withLock {
            guard Date().timeIntervalSince(last) > 0.2 else { return }
            last = Date()
            let rate = r.seconds > 0 ? Double(r.received) / r.seconds : 0
            output.progress("\(r.direction) \(peer): \(r.received) revisions, \(r.bytes / 1024) KiB, \(Int(rate)) rev/s")
        }
    }
}
