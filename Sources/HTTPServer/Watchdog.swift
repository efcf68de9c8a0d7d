#if canImport(Glibc)
import Glibc
#endif
internal import CMicroHTTPD
import Dispatch
import Synchronization
import Threads

/// Enforces `DeadlineTable` on live sockets: a thread sweeps the table a few
/// times per deadline and calls shutdown(2) on late connections; MHD then
/// sees the error and closes them itself. It also applies the per-address
/// connection limit (evicting the oldest connection still waiting for its
/// head) and logs through a `LogLimiter`, flushed by the same thread.
///
/// Race-free because MHD calls NOTIFY_CONNECTION(CLOSED) - which removes the
/// entry under the same mutex - *before* it closes the fd, so an fd still in
/// the table is still that connection's socket.
final class Watchdog: Sendable {
    private let table: Mutex<DeadlineTable>
    private let thread = Mutex<JoinableThread?>(nil)
    private let running = Atomic<Bool>(false)
    /// Signalled by `stop()` so the thread wakes at once instead of finishing its sleep.
    private let wake = DispatchSemaphore(value: 0)
    private let interval: DispatchTimeInterval
    private let log: (@Sendable (String) -> Void)?
    private let limiter: Mutex<LogLimiter>
    private let perAddressLimit: Int
    private let headSeconds: Int64
    /// Whether a socket may hold a readable request head (plain HTTP): over
    /// TLS it holds records, so `headWaiting` could only say no.
    private let peeksForHeads: Bool
    /// How many connections were cut off (for tests and diagnostics).
    let cutOffCount = Atomic<Int>(0)
    /// Connections evicted or refused by the per-address limit.
    let evictedCount = Atomic<Int>(0)
    let refusedCount = Atomic<Int>(0)

    init(limits: HTTPServerLimits, plainHTTP: Bool, log: (@Sendable (String) -> Void)?) {
        peeksForHeads = plainHTTP
        table = Mutex(DeadlineTable(headerDeadline: limits.headerDeadline, requestDeadline: limits.requestDeadline))
        let shortest = min(limits.headerDeadline, limits.requestDeadline)
        let period = min(max(shortest / 8, .milliseconds(20)), .milliseconds(250))
        let (seconds, attoseconds) = period.components
        interval = .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        self.log = log
        limiter = Mutex(LogLimiter(window: limits.logSummaryInterval))
        perAddressLimit = limits.maxConnectionsPerIP
        headSeconds = limits.headerDeadline.components.seconds
    }

    /// Logs `line` unless the limiter counts it into a later summary.
    func limitedLog(address: String, kind: String, _ line: String) {
        guard let log else { return }
        let now = ContinuousClock.now
        if let out = limiter.withLock({ $0.record(address: address, kind: kind, line: line, now: now) }) { log(out) }
    }

    private static func key(_ c: OpaquePointer) -> Int { Int(bitPattern: UnsafeRawPointer(c)) }

    func connectionStarted(_ c: OpaquePointer, address: String) {
        let fd = mhd_shim_connection_fd(c)
        guard fd >= 0 else { return }
        let now = ContinuousClock.now
        let limit = perAddressLimit
        let admission = table.withLock { t in
            let a = t.admit(Self.key(c), fd: fd, address: address, perAddressLimit: limit, now: now,
                            headWaiting: peeksForHeads ? Self.headWaiting : { _ in false })
            // shutdown under the lock, as in `sweep`.
            switch a {
            case .admitted: break
            case .admittedEvicting(let victim): _ = shutdown(victim.fd, Int32(SHUT_RDWR))
            case .refused: _ = shutdown(fd, Int32(SHUT_RDWR))
            }
            return a
        }
        switch admission {
        case .admitted:
            break
        case .admittedEvicting:
            evictedCount.add(1, ordering: .relaxed)
            limitedLog(address: address, kind: "evicted", "\(address) is at its limit of \(limit) connections: "
                       + "closed its oldest connection that had not sent a complete request head")
        case .refused:
            refusedCount.add(1, ordering: .relaxed)
            limitedLog(address: address, kind: "refused", "\(address) is at its limit of \(limit) connections, all busy "
                       + "with requests: refused a new connection")
        }
    }

    /// How much of a socket's unread bytes `headWaiting` looks at: more
    /// than a syncnode request head (signature headers included).
    private static let peekBytes = 8192

    /// Whether `fd`'s socket holds a complete request head, up to its blank
    /// line, that the server has not read yet. Looked at with MSG_PEEK, so
    /// the bytes stay for the server. False when there is none or it cannot
    /// tell: nothing waiting (EAGAIN), an error, a closed peer, a head longer
    /// than `peekBytes`. Plain HTTP only (`peeksForHeads`): over TLS the
    /// socket holds records, and the peek would cost a syscall per admission
    /// at the limit for nothing. Called under the table's lock, so the
    /// fd is still that connection's socket (see the type's comment).
    private static func headWaiting(_ fd: Int32) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: peekBytes) { buffer in
            let n = recv(fd, buffer.baseAddress, buffer.count, Int32(MSG_PEEK | MSG_DONTWAIT))
            guard n >= 4 else { return false }   // -1 (nothing waiting, or an error), 0 (closed), or too short
            let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
            for i in 3..<n where buffer[i] == lf && buffer[i - 1] == cr && buffer[i - 2] == lf && buffer[i - 3] == cr {
                return true
            }
            return false
        }
    }

    func connectionClosed(_ c: OpaquePointer) {
        table.withLock { $0.connectionClosed(Self.key(c)) }
    }

    func requestBegan(_ c: OpaquePointer) {
        let now = ContinuousClock.now
        table.withLock { $0.requestBegan(Self.key(c), now: now) }
    }

    func requestCompleted(_ c: OpaquePointer) {
        let now = ContinuousClock.now
        table.withLock { $0.requestCompleted(Self.key(c), now: now) }
    }

    func sweep() {
        let now = ContinuousClock.now
        let expired = table.withLock { t in
            let late = t.expire(now: now)
            // shutdown under the lock: the fd cannot be closed meanwhile (see above).
            for e in late { _ = shutdown(e.fd, Int32(SHUT_RDWR)) }
            return late
        }
        for e in expired {
            cutOffCount.add(1, ordering: .relaxed)
            switch e.phase {
            case .head:
                limitedLog(address: e.address, kind: "head deadline",
                           "closed connection fd \(e.fd) from \(e.address): request head deadline (\(headSeconds) s) passed "
                           + "(slow handshake or head, or idle keep-alive)")
            case .request:
                limitedLog(address: e.address, kind: "request deadline",
                           "closed connection fd \(e.fd) from \(e.address): request deadline passed (slow body, responder or reader)")
            }
        }
        if let log {
            for line in limiter.withLock({ $0.flush(now: now) }) { log(line) }
        }
    }

    /// Starts the sweeping thread.
    /// - Throws: `HTTPServerError(.startFailed)` if the thread cannot be created.
    func start() throws {
        running.store(true, ordering: .sequentiallyConsistent)
        do {
            let sweeper = try JoinableThread { [self] in loop() }
            thread.withLock { $0 = sweeper }
        } catch {
            running.store(false, ordering: .sequentiallyConsistent)
            throw HTTPServerError(.startFailed, "could not start the deadline watchdog thread: \(error)")
        }
    }

    /// Stops and joins the thread; idempotent.
    func stop() {
        running.store(false, ordering: .sequentiallyConsistent)
        guard let sweeper = thread.withLock({ t -> JoinableThread? in defer { t = nil }; return t }) else { return }
        wake.signal()
        sweeper.join()
    }

    private func loop() {
        while running.load(ordering: .sequentiallyConsistent) {
            if wake.wait(timeout: .now() + interval) == .success { break }
            sweep()
        }
    }
}
