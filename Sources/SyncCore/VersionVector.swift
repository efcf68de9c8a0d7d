/// A version vector: for each actor, the highest counter seen.
/// Entries are never pruned.
package struct VersionVector: Sendable, Hashable {
    package private(set) var entries: [String: UInt64]

    package init(_ entries: [String: UInt64] = [:]) {
        self.entries = entries.filter { $0.value > 0 }
    }

    package subscript(actor: String) -> UInt64 {
        entries[actor] ?? 0
    }

    /// True when the write event `dot` is in this vector's causal past.
    package func covers(_ dot: Dot) -> Bool {
        self[dot.actor] >= dot.counter
    }

    /// Raises the entry for `dot.actor` to at least `dot.counter`.
    package mutating func add(_ dot: Dot) {
        if dot.counter > self[dot.actor] { entries[dot.actor] = dot.counter }
    }

    /// Pointwise maximum.
    package mutating func formUnion(_ other: VersionVector) {
        for (a, c) in other.entries where c > self[a] { entries[a] = c }
    }

    package func union(_ other: VersionVector) -> VersionVector {
        var v = self
        v.formUnion(other)
        return v
    }

    /// True when every entry of `other` is <= the same entry here.
    package func dominatesOrEquals(_ other: VersionVector) -> Bool {
        other.entries.allSatisfy { self[$0.key] >= $0.value }
    }

    /// Actors in sorted order, for canonical encodings and display.
    package var sortedEntries: [(actor: String, counter: UInt64)] {
        entries.keys.sorted().map { ($0, entries[$0]!) }
    }
}
