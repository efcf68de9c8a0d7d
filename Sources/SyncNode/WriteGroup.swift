import Dispatch
import Synchronization

/// Group commit: writes submitted from many threads at once are carried out
/// together, several in one store transaction, instead of each taking the
/// write lock and committing on its own.
///
/// The first thread to submit while no group is running leads: it takes
/// every write waiting (itself included, at most `maxGroup`), hands them to
/// `run`, then passes the lead to the next waiting thread, if any, and
/// gives each member its own result. Writes that arrive while a group runs
/// wait for the next one, so groups grow with the load and a lone write
/// waits for nobody. `run` answers every input on its own (one input's
/// failure is only its own), and must not submit to the same group.
///
/// What a commit costs whatever it holds (the full-text index's flush, the
/// log's WAL frames and checkpoints, the transaction's metadata reads) is
/// paid once per group: `NodeService` applies concurrent pushes this way.
final class WriteGroup<Input: Sendable, Output: Sendable>: Sendable {
    /// One submitted write, waited for by the thread that submitted it.
    private final class Ticket: Sendable {
        enum Outcome {
            case done(Result<Output, any Error>)
            /// The group before this one is done: this thread leads the next.
            case lead
        }
        let input: Input
        let outcome = Mutex<Outcome?>(nil)
        let ready = DispatchSemaphore(value: 0)

        init(_ input: Input) { self.input = input }

        func deliver(_ outcome: Outcome) {
            self.outcome.withLock { $0 = outcome }
            ready.signal()
        }
    }

    private struct Queue {
        var waiting: [Ticket] = []
        var leading = false
    }

    private let queue = Mutex(Queue())
    private let run: @Sendable ([Input]) -> [Result<Output, any Error>]
    /// The most writes in one group (bounds one transaction's length).
    let maxGroup: Int

    /// Writes queued behind the one running (for tests: to know when every
    /// thread has reached `submit`, rather than sleep and hope).
    var waitingCount: Int { queue.withLock { $0.waiting.count } }

    /// - Parameter run: carries out a group; returns one result per input, in order.
    init(maxGroup: Int = 16, run: @escaping @Sendable ([Input]) -> [Result<Output, any Error>]) {
        precondition(maxGroup >= 1, "a group holds at least one write")
        self.maxGroup = maxGroup
        self.run = run
    }

    /// Carries out `input` in the next group; blocks until it is committed
    /// (or has failed) and returns its own result.
    func submit(_ input: Input) throws -> Output {
        let ticket = Ticket(input)
        let leads = queue.withLock { q in
            q.waiting.append(ticket)
            if q.leading { return false }
            q.leading = true
            return true
        }
        if !leads {
            ticket.ready.wait()
            switch ticket.outcome.withLock({ $0 }) {
            case .done(let result)?: return try result.get()
            case .lead?, nil: break
            }
        }
        // This thread leads: its ticket is the first waiting one (the queue
        // is empty whenever nobody leads, and a lead passes to the first).
        let group = queue.withLock { q in
            let taken = Array(q.waiting.prefix(maxGroup))
            q.waiting.removeFirst(taken.count)
            return taken
        }
        let results = run(group.map(\.input))
        precondition(results.count == group.count, "WriteGroup.run returned \(results.count) results for \(group.count) writes")
        // The next group can start while this one's members wake up.
        let next = queue.withLock { q -> Ticket? in
            guard let first = q.waiting.first else {
                q.leading = false
                return nil
            }
            return first
        }
        next?.deliver(.lead)
        for (member, result) in zip(group, results).dropFirst() { member.deliver(.done(result)) }
        return try results[0].get()
    }
}
