/// The absolute deadlines libmicrohttpd 0.9.75 lacks (its CONNECTION_TIMEOUT
/// is an *inactivity* timeout, so one byte per second never trips it).
/// Pure bookkeeping with the clock passed in; `Watchdog` does the I/O.
///
///  - accept, or the end of the previous request on a kept-alive connection:
///    the next request head must be complete within `headerDeadline`;
///  - head complete: body, responder and response must be done within
///    `requestDeadline`.
///
/// It also holds the per-address connection limit, because only it knows
/// which connections are still waiting for their request head: when an
/// address is at its limit, a new connection evicts that address's oldest
/// connection still in the head phase (a slowloris holds only such
/// connections), so a legitimate peer behind the same NAT gets through at
/// once instead of waiting for the attacker's sockets to time out. Only when
/// every connection of the address is busy with a request is the new one
/// refused. A connection whose socket holds a complete request head the
/// server has not read yet is evicted last: it is a request about to begin.
struct DeadlineTable {
    enum Phase: Equatable { case head, request }

    struct Entry: Equatable {
        let fd: Int32
        var deadline: ContinuousClock.Instant?   // nil: already fired
        var phase: Phase
        var address: String = ""
        /// When the current phase began (eviction picks the oldest head phase).
        var phaseStarted: ContinuousClock.Instant? = nil
    }

    /// A connection whose deadline passed: shut its socket down.
    struct Expired: Equatable {
        let fd: Int32
        let phase: Phase
        var address: String = ""
    }

    /// What to do with a new connection (see the type's comment).
    enum Admission: Equatable {
        /// Under the address's limit.
        case admitted
        /// At the limit: shut down `evicted` (the address's oldest connection
        /// still waiting for its head) and keep the new one.
        case admittedEvicting(Expired)
        /// At the limit and every connection of the address is mid-request:
        /// shut the new connection down.
        case refused
    }

    let headerDeadline: Duration
    let requestDeadline: Duration
    private(set) var entries: [Int: Entry] = [:]

    init(headerDeadline: Duration, requestDeadline: Duration) {
        self.headerDeadline = headerDeadline
        self.requestDeadline = requestDeadline
    }

    mutating func connectionStarted(_ key: Int, fd: Int32, now: ContinuousClock.Instant, address: String = "") {
        entries[key] = Entry(fd: fd, deadline: now + headerDeadline, phase: .head, address: address, phaseStarted: now)
    }

    /// Admits a new connection from `address` under `perAddressLimit` live
    /// connections (fired ones no longer count: their sockets are shut down).
    ///
    /// At the limit the victim is the oldest connection still waiting for
    /// its head that has no complete head waiting in its socket
    /// (`headWaiting` false); only when every waiting one has, the oldest of
    /// them. Oldest first alone let a flood that reconnects each closed
    /// socket at once evict a new legitimate connection after
    /// `perAddressLimit - 1` reconnections, before the server had read the
    /// head it had already sent: without a sanitizer half the first attempts
    /// of HostileClientTests' plain-HTTP flood test were lost that way, under
    /// ThreadSanitizer now and then all three.
    /// - Parameter headWaiting: whether a socket holds a complete request
    ///   head the server has not read yet; asked oldest first, until one
    ///   says no.
    mutating func admit(_ key: Int, fd: Int32, address: String, perAddressLimit: Int,
                        now: ContinuousClock.Instant, headWaiting: (Int32) -> Bool = { _ in false }) -> Admission {
        var live = 0
        var waiting: [(key: Int, started: ContinuousClock.Instant)] = []
        for (k, e) in entries where e.address == address && e.deadline != nil {
            live += 1
            if e.phase == .head, let started = e.phaseStarted { waiting.append((k, started)) }
        }
        guard live >= perAddressLimit else {
            connectionStarted(key, fd: fd, now: now, address: address)
            return .admitted
        }
        waiting.sort { $0.started < $1.started }
        let headless = waiting.first { entries[$0.key].map { !headWaiting($0.fd) } ?? false }
        guard let victim = headless ?? waiting.first, var e = entries[victim.key] else { return .refused }
        e.deadline = nil
        entries[victim.key] = e
        connectionStarted(key, fd: fd, now: now, address: address)
        return .admittedEvicting(Expired(fd: e.fd, phase: .head, address: address))
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
            out.append(Expired(fd: entry.fd, phase: entry.phase, address: entry.address))
            entries[key]?.deadline = nil
        }
        return out
    }

    private mutating func rearm(_ key: Int, phase: Phase, deadline: ContinuousClock.Instant) {
        guard var e = entries[key], e.deadline != nil else { return }   // fired: stays fired
        e.phase = phase
        e.deadline = deadline
        e.phaseStarted = deadline - (phase == .head ? headerDeadline : requestDeadline)
        entries[key] = e
    }
}
