import FoundationEssentials
import Glibc
import Synchronization

/// The trust store as the server sees it: re-read when a file in the peers
/// directory changes, so `syncnode peer add` takes effect without a restart.
///
/// A change is noticed through inotify (`DirectoryWatch`: one `read` per
/// request, and a change made before a request is seen by it); the files
/// are also stamped (`stat`) at least once every `fullCheckInterval`, for
/// what inotify does not report (a peer file that is a symbolic link to
/// elsewhere, a network file system), and on every call where inotify is
/// unavailable. Stamping every file on every request cost a seventh of a
/// busy server's CPU with 70 peers.
final class TrustCache: Sendable {
    private struct State {
        var stamp: String
        var trust: TrustStore
        var watch: DirectoryWatch?
        var stampedAt: ContinuousClock.Instant
        /// When a watch was last set up (again after a lost one, at most once a `fullCheckInterval`).
        var watchedAt: ContinuousClock.Instant
    }
    private let state: Mutex<State>
    let directory: String
    let identity: NodeIdentity
    let log: Logger
    /// The longest a change inotify does not report goes unnoticed.
    static let fullCheckInterval: Duration = .seconds(1)

    /// Whether changes are watched with inotify (`serve`); without, every
    /// call stamps the files. A short-lived command asks rarely, and
    /// closing an inotify instance can take milliseconds (the kernel waits
    /// for a grace period), which an incremental pull would pay at exit.
    let watches: Bool

    /// Whether an inotify watch is in place now (for tests: a change seen
    /// without one was seen by stamping the files).
    var isWatching: Bool { state.withLock { $0.watch != nil } }

    init(directory: String, identity: NodeIdentity, log: Logger, watch watches: Bool = true) throws {
        self.directory = directory
        self.identity = identity
        self.log = log
        self.watches = watches
        // Watch first: a change between the watch and the read is reported.
        let watch = watches ? DirectoryWatch(directory: directory) : nil
        let stamp = TrustCache.stamp(directory)
        let trust = try TrustStore(directory: directory, selfIdentity: identity)
        state = Mutex(State(stamp: stamp, trust: trust, watch: watch, stampedAt: .now, watchedAt: .now))
    }

    /// The current trust store. If the changed directory fails to parse
    /// (a typo, a half-written file), the previous one stays in force and
    /// the error is logged once per change, naming the file.
    func current() -> TrustStore {
        state.withLock { s in
            let now = ContinuousClock.now
            // inotify's word is enough to read the files again: a file
            // rewritten in place within one tick of the clock keeps its stamp.
            var reported = false
            if let watch = s.watch {
                switch watch.poll() {
                case .none:
                    if now - s.stampedAt < Self.fullCheckInterval { return s.trust }
                case .changed:
                    reported = true
                case .lost:
                    // The directory was replaced or removed: watch its path again.
                    s.watch = DirectoryWatch(directory: directory)
                    s.watchedAt = now
                    reported = true
                }
            } else if watches, now - s.watchedAt >= Self.fullCheckInterval {
                // No watch (the directory was missing, or inotify was out of
                // instances): try again, and stamp every call meanwhile.
                s.watch = DirectoryWatch(directory: directory)
                s.watchedAt = now
                reported = s.watch != nil
            }
            let stamp = TrustCache.stamp(directory)
            s.stampedAt = now
            guard reported || s.stamp != stamp else { return s.trust }
            do {
                s.trust = try TrustStore(directory: directory, selfIdentity: identity)
                s.stamp = stamp
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
    /// the peer files. One `stat` per file:
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
