import Foundation
import SyncCore
import SyncCrypto
import SyncProtocol
import SyncStore

/// Pushes what a peer has not acknowledged: this node's change log after the
/// peer's push mark, leaving out what the peer authored or sent us (no echo).
/// The mark moves only after the peer's signed acknowledgement.
public struct Pusher {
    public var batchSize = 500
    public var maxBatches = 1_000_000

    public init() {}

    public func push(to client: PeerClient, from store: Store, selfName: String,
                     shouldStop: () -> Bool = { false },
                     progress: (TransferReport) -> Void = { _ in }) throws -> TransferReport {
        let peer = client.peer.name
        let started = Date()
        var report = TransferReport(peer: peer, direction: "push")
        let startBytes = client.bytesSent
        do {
            for _ in 0..<maxBatches {
                let mark = try store.peerState(peer).pushedSeq
                let (entries, last) = try store.changesPage(after: mark, limit: batchSize, exclude: peer)
                if last == mark { break }
                if !entries.isEmpty {
                    let changeset = ChangeSetPush(origin: selfName, revisions: entries.map(\.signed), sha256: { SHA256.hash($0) })
                    let result = try client.push(changeset)
                    report.received += entries.count
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
                try store.advancePushedSeq(peer: peer, to: last)
                report.bytes = client.bytesSent - startBytes
                report.seconds = Date().timeIntervalSince(started)
                progress(report)
                if shouldStop() { break }
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
}
