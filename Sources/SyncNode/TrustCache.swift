import Foundation
import Synchronization

/// The trust store as the server sees it: re-read when a file in the peers
/// directory changes, so `syncnode peer add` takes effect without a restart.
final class TrustCache: Sendable {
    private let state: Mutex<(stamp: String, trust: TrustStore)>
    let directory: String
    let identity: NodeIdentity

    init(directory: String, identity: NodeIdentity) throws {
        self.directory = directory
        self.identity = identity
        let trust = try TrustStore(directory: directory, selfIdentity: identity)
        state = Mutex((TrustCache.stamp(directory), trust))
    }

    /// The current trust store (the previous one if the directory now fails to parse).
    func current() -> TrustStore {
        let stamp = TrustCache.stamp(directory)
        return state.withLock { s in
            if s.stamp != stamp, let fresh = try? TrustStore(directory: directory, selfIdentity: identity) {
                s = (stamp, fresh)
            }
            return s.trust
        }
    }

    /// Names, sizes and modification times of the peer files.
    static func stamp(_ dir: String) -> String {
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        return names.map { n in
            let a = try? fm.attributesOfItem(atPath: dir + "/" + n)
            let t = (a?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(n):\(a?[.size] ?? 0):\(t)"
        }.joined(separator: "|")
    }
}
