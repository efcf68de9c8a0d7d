import Synchronization

/// Rate limit for the log lines of refused requests: a misconfigured or
/// hostile client may be refused many times a second, and each refusal
/// must not become a log line. One line per kind (status, peer, path) per
/// interval; the next line says how many were not logged in between.
final class RefusalLog: Sendable {
    private struct Entry {
        var loggedAt: UInt64
        var suppressed: Int
    }

    private let entries = Mutex<[String: Entry]>([:])
    let intervalMillis: UInt64
    /// Bounds memory when keys vary (many key ids or paths).
    let maxKinds = 1_000

    init(intervalMillis: UInt64 = 60_000) {
        self.intervalMillis = intervalMillis
    }

    /// Nil when this refusal is not to be logged; else how many of its kind
    /// were left unlogged since the last line.
    func admit(_ kind: String, now: UInt64) -> Int? {
        entries.withLock { entries in
            if var entry = entries[kind] {
                guard now >= entry.loggedAt + intervalMillis else {
                    entry.suppressed += 1
                    entries[kind] = entry
                    return nil
                }
                entries[kind] = Entry(loggedAt: now, suppressed: 0)
                return entry.suppressed
            }
            if entries.count >= maxKinds {
                entries = entries.filter { now < $0.value.loggedAt + intervalMillis }
                if entries.count >= maxKinds { return nil }
            }
            entries[kind] = Entry(loggedAt: now, suppressed: 0)
            return 0
        }
    }
}
