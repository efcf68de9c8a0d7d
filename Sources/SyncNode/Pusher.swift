import FoundationEssentials
import SyncCore
import SyncCrypto
import SyncProtocol
import SyncStore

/// Pushes what a peer has not acknowledged: this node's change log after the
/// peer's push mark, leaving out what the peer authored or sent us (no echo).
/// The mark moves only after the peer's signed acknowledgement. The order of
/// reads, sends and mark moves is `PushMachine`'s (SyncProtocol).
package struct Pusher {
    package var batchSize = 500
    package var maxBatches = 1_000_000

    package init() {}

    package func push(to client: PeerClient, from store: Store, selfName: String,
                     shouldStop: () -> Bool = { false },
                     progress: (TransferReport) -> Void = { _ in }) throws -> TransferReport {
        let peer = client.peer.name
        let started = Date()
        var report = TransferReport(peer: peer, direction: "push")
        let startBytes = client.bytesSent
        var machine = PushMachine(maxBatches: maxBatches)
        var batch: [RevisionRecord] = []
        do {
            var action = machine.handle(.started)
            pushing: while true {
                switch action {
                case .readBatch:
                    let mark = try store.peerState(peer).pushedSeq
                    let (entries, last) = try store.changesPage(after: mark, limit: batchSize, exclude: peer)
                    batch = entries
                    action = machine.handle(.batchRead(mark: mark, last: last, count: entries.count))
                case .send:
                    let changeset = ChangeSetPush(origin: selfName, revisions: batch.map(\.signed), sha256: { SHA256.hash($0) })
                    let result = try client.push(changeset)
                    try record(result, sent: batch.count, to: peer, in: store, selfName: selfName, report: &report)
                    action = machine.handle(.acknowledged)
                case .advanceMark(let last):
                    try store.advancePushedSeq(peer: peer, to: last)
                    report.bytes = client.bytesSent - startBytes
                    report.seconds = Date().timeIntervalSince(started)
                    progress(report)
                    action = machine.handle(.markAdvanced(stopRequested: shouldStop()))
                case .finish:
                    break pushing
                }
            }
        } catch let e as PeerError {
            throw report.failing(e, bytes: client.bytesSent - startBytes, since: started)
        } catch {
            // Anything else is this node's own failure (its store, its disk).
            throw report.failing(.local(peer: peer, error), bytes: client.bytesSent - startBytes, since: started)
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Counts the peer's acknowledgement of a batch of `sent` revisions.
    private func record(_ result: PushResult, sent: Int, to peer: String, in store: Store, selfName: String,
                        report: inout TransferReport) throws {
        report.received += sent
        report.applied += result.applied.count
        report.alreadyHad += result.alreadyHad.count
        report.conflicts += result.conflicts.count
        report.rejected += result.rejected.count
        // Refused revisions are the peer's record now (its `syncnode
        // rejected`); they do not hold up the rest. A write of ours
        // refused as a reused counter proves this store was restored
        // from a backup: it recovers on its next pull.
        if result.rejected.contains(where: { $0.code == RevisionRejection.Code.reusedCounter.rawValue
                                             && Dot($0.revision).map { ActorEpoch.parse($0.actor).node } == selfName }) {
            if try store.noteRestoreDetected() { report.restoreDetected = true }
        }
        if let first = result.rejected.first {
            report.warnings.append("\(peer) refused \(result.rejected.count) revisions (e.g. \(first.revision) of \(first.documentID): \(first.code): \(first.reason))")
        }
        report.pages += 1
    }
}
