import SyncCore

/// Text forms of version vectors and dot lists for storage columns:
/// `actor:counter` items separated by spaces, sorted.
enum ClockText {
    static func encode(_ v: VersionVector) -> String {
        v.sortedEntries.map { "\($0.actor):\($0.counter)" }.joined(separator: " ")
    }

    static func decodeVector(_ s: String) throws -> VersionVector {
        var entries: [String: UInt64] = [:]
        for dot in try decodeDots(s) { entries[dot.actor] = dot.counter }
        return VersionVector(entries)
    }

    static func encode(_ dots: [Dot]) -> String {
        dots.sorted().map(\.description).joined(separator: " ")
    }

    static func decodeDots(_ s: String) throws -> [Dot] {
        try s.split(separator: " ").map {
            guard let d = Dot(String($0)) else { throw StoreError.corrupt("bad dot '\($0)' in a stored clock") }
            return d
        }
    }
}
