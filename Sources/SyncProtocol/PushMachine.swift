/// The decisions of a push to one peer, without the network or the store:
/// read the next batch of this node's change log after the peer's push
/// mark, send it, and move the mark only once the peer acknowledged it. A
/// window that holds nothing for the peer (all its own or relayed from it)
/// moves the mark without a request. A driver (`Pusher` in SyncNode) carries
/// out each `Action` and answers with the `Event` it names.
package struct PushMachine: Sendable {
    package enum Event: Sendable, Equatable {
        case started
        /// The batch after the stored mark: `count` revisions to send, and
        /// `last`, the last sequence number the window scanned.
        case batchRead(mark: Int64, last: Int64, count: Int)
        /// The peer's signed answer to `send` (its acknowledgement).
        case acknowledged
        /// `advanceMark` was stored; `stopRequested` when the run asked to stop.
        case markAdvanced(stopRequested: Bool)
    }

    package enum Action: Sendable, Equatable {
        /// Read the push mark and the batch after it.
        case readBatch
        /// Send the batch read (it ends at `upTo`) and wait for the acknowledgement.
        case send(upTo: Int64)
        /// Store the push mark at `to`.
        case advanceMark(to: Int64)
        /// The push is over.
        case finish
    }

    /// Most batches in one push.
    package let maxBatches: Int
    private var batches = 0
    private var last: Int64 = 0

    package init(maxBatches: Int) {
        self.maxBatches = maxBatches
    }

    package mutating func handle(_ event: Event) -> Action {
        switch event {
        case .started:
            return nextBatch()
        case .batchRead(let mark, let last, let count):
            guard last != mark else { return .finish }
            self.last = last
            return count > 0 ? .send(upTo: last) : .advanceMark(to: last)
        case .acknowledged:
            return .advanceMark(to: last)
        case .markAdvanced(let stop):
            return stop ? .finish : nextBatch()
        }
    }

    private mutating func nextBatch() -> Action {
        guard batches < maxBatches else { return .finish }
        batches += 1
        return .readBatch
    }
}
