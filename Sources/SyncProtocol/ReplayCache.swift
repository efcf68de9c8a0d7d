/// Remembers accepted request signatures until they expire, so that a
/// captured request cannot be sent again (RFC 9421 section 7.2.2).
///
/// A value type with the clock injected; the server keeps one behind a lock.
/// Each request carries a fresh `nonce`, so identical signatures mean a replay.
package struct ReplayCache: Sendable {
    /// What `admit` decided.
    package enum Admission: Sendable, Hashable {
        /// First sighting: remembered until it expires.
        case fresh
        /// Seen before and not yet expired: refuse the request.
        case replayed
        /// Full of unexpired entries: refuse the request with 503 and retry later.
        case full
    }

    struct Key: Hashable, Sendable {
        var keyID: String
        var signature: [UInt8]
    }

    package let capacity: Int
    /// Added to `expires` before forgetting, to cover the verifier's skew allowance.
    package let graceSeconds: Int64
    private var forgetAfter: [Key: Int64] = [:]
    /// Min-heap on the forget time, to drop expired entries in order.
    private var heap: [(time: Int64, key: Key)] = []

    package init(capacity: Int = 100_000, graceSeconds: Int64 = SignatureProfile.request.maxClockSkewSeconds) {
        precondition(capacity > 0, "ReplayCache capacity must be positive")
        self.capacity = capacity
        self.graceSeconds = graceSeconds
    }

    package var count: Int { forgetAfter.count }

    /// Records `(keyID, signature)` unless it was seen and has not expired.
    /// - Parameter expires: the signature's `expires` parameter (Unix seconds).
    package mutating func admit(keyID: String, signature: [UInt8], expires: Int64, now: Int64) -> Admission {
        purge(now: now)
        let key = Key(keyID: keyID, signature: signature)
        if forgetAfter[key] != nil { return .replayed }
        guard forgetAfter.count < capacity else { return .full }
        let time = expires + graceSeconds
        forgetAfter[key] = time
        push((time, key))
        return .fresh
    }

    /// `admit` for a verified signature.
    package mutating func admit(_ s: VerifiedSignature, now: Int64) -> Admission {
        admit(keyID: s.keyID, signature: s.signature, expires: s.expires, now: now)
    }

    /// Forgets every entry whose time has passed.
    package mutating func purge(now: Int64) {
        while let top = heap.first, top.time < now {
            forgetAfter[top.key] = nil
            pop()
        }
    }

    private mutating func push(_ e: (time: Int64, key: Key)) {
        heap.append(e)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].time < heap[parent].time else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func pop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var smallest = i
            if l < heap.count, heap[l].time < heap[smallest].time { smallest = l }
            if r < heap.count, heap[r].time < heap[smallest].time { smallest = r }
            if smallest == i { break }
            heap.swapAt(i, smallest)
            i = smallest
        }
    }
}
