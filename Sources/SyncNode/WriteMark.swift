import FoundationEssentials
import SyncCore

/// A small file beside the store, `write-mark`, holding the highest write
/// counter of each of this node's actors, rewritten after every local write.
///
/// Why: a store file put back from a backup (a `cp`, `sqlite3 .backup`, a
/// snapshot) has forgotten its latest writes, and nothing inside it can
/// tell. The home's mark still remembers them: a store that knows less than
/// the mark was restored, and the node recovers before its next write
/// (new epoch, its own revisions pulled back from peers) without anyone
/// having to run `syncnode rejoin`. Peers detect what this misses (a whole
/// home restored, mark included).
///
/// Format: one `actor counter` pair per line, sorted by actor.
enum WriteMark {
    /// The mark, or nil when there is none (or it cannot be read: the mark
    /// is a safety net, and peers detect restores too).
    static func read(_ path: String) -> VersionVector? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var counters: [String: UInt64] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let n = UInt64(parts[1]) else { continue }
            counters[String(parts[0])] = n
        }
        return VersionVector(counters)
    }

    /// Replaces the mark atomically (write a temporary file, then rename).
    static func write(_ counters: VersionVector, to path: String) throws {
        let text = counters.sortedEntries.map { "\($0.actor) \($0.counter)\n" }.joined()
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw NodeError(.failure, "cannot write the write mark \(path): \(FileProblem.describe(error)); check the home directory's free space and permissions")
        }
    }
}
