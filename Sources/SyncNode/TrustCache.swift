import Foundation
import Synchronization

/// The trust store as the server sees it: re-read when a file in the peers
/// directory changes, so `syncnode peer add` takes effect without a restart.
final class TrustCache: Sendable {
    private let state: Mutex<(stamp: String, trust: TrustStore)>
    let directory: String
    let identity: NodeIdentity
    let log: Logger

    init(directory: String, identity: NodeIdentity, log: Logger) throws {
        self.directory = directory
        self.identity = identity
        self.log = log
        let trust = try TrustStore(directory: directory, selfIdentity: identity)
        state = Mutex((TrustCache.stamp(directory), trust))
    }

    /// The current trust store. If the changed directory fails to parse
    /// (a typo, a half-written file), the previous one stays in force and
    /// the error is logged once per change, naming the file.
    func current() -> TrustStore {
        let stamp = TrustCache.stamp(directory)
        return state.withLock { s in
            guard s.stamp != stamp else { return s.trust }
            do {
                s = (stamp, try TrustStore(directory: directory, selfIdentity: identity))
                log.event("peers_reloaded", ["peers": s.trust.peers.keys.sorted().joined(separator: ",")])
            } catch {
                s.stamp = stamp
                log.event("peers_reload_failed", ["error": String(describing: error),
                                                  "action": "keeping the previous peer list until the file is fixed"])
            }
            return s.trust
        }
    }

    /// Names, sizes, modification times (to the nanosecond) and inodes of
    /// the peer files. Read on every request, so one `stat` per file:
    /// `FileManager.attributesOfItem` also lists extended attributes and
    /// builds a dictionary of dates, and cost a tenth of a busy server's CPU.
    static func stamp(_ dir: String) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        var stamp = ""
        for name in names {
            var info = stat()
            if stat(dir + "/" + name, &info) == 0 {
                stamp += "\(name):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ino)|"
            } else {
                stamp += "\(name):unreadable \(errno)|"   // gone between the listing and the stat: next call sees it
            }
        }
        return stamp
    }
}
