/// The absolute deadlines libmicrohttpd 0.9.75 lacks (its CONNECTION_TIMEOUT
/// is an *inactivity* timeout, so one byte per second never trips it).
/// Pure bookkeeping with the clock passed in; `Watchdog` does the I/O.
///
///  - accept, or the end of the previous request on a kept-alive connection:
///    the next request head must be complete within `headerDeadline`;
///  - head complete: body, responder and response must be done within
///    `requestDeadline`.
struct DeadlineTable {
    enum Phase: Equatable { case head, request }

    struct Entry: Equatable {
        let fd: Int32
        var deadline: ContinuousClock.Instant?   // nil: already fired
        var phase: Phase
    }

    /// A connection whose deadline passed: shut its socket down.
    struct Expired: Equatable {
        let fd: Int32
        let phase: Phase
    }

    let headerDeadline: Duration
    let requestDeadline: Duration
    private(set) var entries: [Int: Entry] = [:]

    init(headerDeadline: Duration, requestDeadline: Duration) {
        self.headerDeadline = headerDeadline
        self.requestDeadline = requestDeadline
    }

    mutating func connectionStarted(_ key: Int, fd: Int32, now: ContinuousClock.Instant) {
        entries[key] = Entry(fd: fd, deadline: now + headerDeadline, phase: .head)
    }

    mutating func connectionClosed(_ key: Int) {
        entries[key] = nil
    }

    mutating func requestBegan(_ key: Int, now: ContinuousClock.Instant) {
        rearm(key, phase: .request, deadline: now + requestDeadline)
    }

    mutating func requestCompleted(_ key: Int, now: ContinuousClock.Instant) {
        rearm(key, phase: .head, deadline: now + headerDeadline)
    }

    /// The connections past their deadline; each is reported once.
    mutating func expire(now: ContinuousClock.Instant) -> [Expired] {
        var out: [Expired] = []
        for (key, entry) in entries {
            guard let d = entry.deadline, d < now else { continue }
            out.append(Expired(fd: entry.fd, phase: entry.phase))
            entries[key]?.deadline = nil
        }
        return out
    }

    private mutating func rearm(_ key: Int, phase: Phase, deadline: ContinuousClock.Instant) {
        guard var e = entries[key], e.deadline != nil else { return }   // fired: stays fired
        e.phase = phase
        e.deadline = deadline
        entries[key] = e
    }
}
