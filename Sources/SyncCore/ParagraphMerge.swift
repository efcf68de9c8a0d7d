/// diff3-style merge of long text (`body`, `notes`) paragraph by paragraph.
///
/// A paragraph is a run of non-blank lines; paragraphs are separated by one or
/// more blank (whitespace-only) lines. Each version is diffed against the base
/// (longest common subsequence of paragraphs) into hunks: "base paragraphs
/// [start, end) become these paragraphs" (an insertion has start == end).
/// A run of n paragraphs replaced by n others counts as n separate edits.
/// Hunks of different versions overlap when their base ranges share a
/// paragraph, when both insert at the same place, or when one inserts
/// strictly inside the other's range. Overlapping hunks form a cluster; a
/// cluster merges when all versions that changed it made the same change,
/// otherwise the whole field is a conflict. Edits to different paragraphs,
/// adjacent ones included, merge. The merged text joins paragraphs with one
/// blank line.
enum ParagraphMerge {
    struct Hunk: Equatable {
        var start: Int
        var end: Int
        var replacement: [String]
        var owner: Int

        var isInsertion: Bool { start == end }

        func overlaps(_ other: Hunk) -> Bool {
            switch (isInsertion, other.isInsertion) {
            case (true, true): return start == other.start
            case (true, false): return other.start < start && start < other.end
            case (false, true): return start < other.start && other.start < end
            case (false, false): return Swift.max(start, other.start) < Swift.min(end, other.end)
            }
        }
    }

    /// The merged text, or nil when two versions changed the same place differently.
    static func merge(base: String, versions: [String]) -> String? {
        let baseParagraphs = paragraphs(base)
        var hunks: [Hunk] = []
        for (owner, version) in versions.enumerated() {
            for var h in diff(baseParagraphs, paragraphs(version)) {
                h.owner = owner
                hunks.append(h)
            }
        }

        // Union-find over overlapping hunks: each set is one cluster.
        var parent = Array(hunks.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for i in hunks.indices {
            for j in hunks.indices where j > i && hunks[i].owner != hunks[j].owner && hunks[i].overlaps(hunks[j]) {
                parent[root(i)] = root(j)
            }
        }
        var clusters: [Int: [Hunk]] = [:]
        for i in hunks.indices { clusters[root(i), default: []].append(hunks[i]) }
        let ordered = clusters.values.map { members in
            (lo: members.reduce(Int.max) { Swift.min($0, $1.start) },
             hi: members.reduce(Int.min) { Swift.max($0, $1.end) }, members: members)
        }.sorted { ($0.lo, $0.hi) < ($1.lo, $1.hi) }

        var out: [String] = []
        var cursor = 0
        for cluster in ordered {
            // Regions of distinct clusters never overlap (see the type comment);
            // if they ever did, refuse to guess.
            guard cluster.lo >= cursor else { return nil }
            out.append(contentsOf: baseParagraphs[cursor..<cluster.lo])
            var results: [[String]] = []
            for owner in Set(cluster.members.map(\.owner)).sorted() {
                let mine = cluster.members.filter { $0.owner == owner }.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
                var region: [String] = []
                var at = cluster.lo
                for h in mine {
                    region.append(contentsOf: baseParagraphs[at..<h.start])
                    region.append(contentsOf: h.replacement)
                    at = h.end
                }
                region.append(contentsOf: baseParagraphs[at..<cluster.hi])
                if !results.contains(region) { results.append(region) }
            }
            guard results.count == 1 else { return nil }
            out.append(contentsOf: results[0])
            cursor = cluster.hi
        }
        out.append(contentsOf: baseParagraphs[cursor...])
        return join(out)
    }

    /// Splits text into paragraphs (runs of non-blank lines, kept as written).
    static func paragraphs(_ text: String) -> [String] {
        var result: [String] = []
        var current: [Substring] = []
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { result.append(current.joined(separator: "\n")); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: "\n")) }
        return result
    }

    static func join(_ paragraphs: [String]) -> String {
        paragraphs.joined(separator: "\n\n")
    }

    /// Hunks turning `base` into `other`, in base order, from a longest common
    /// subsequence (ties broken the same way every time).
    static func diff(_ base: [String], _ other: [String]) -> [Hunk] {
        var prefix = 0
        while prefix < base.count && prefix < other.count && base[prefix] == other[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < base.count - prefix && suffix < other.count - prefix
            && base[base.count - 1 - suffix] == other[other.count - 1 - suffix] { suffix += 1 }
        let a = Array(base[prefix..<(base.count - suffix)])
        let b = Array(other[prefix..<(other.count - suffix)])
        let n = a.count, m = b.count
        if n == 0 && m == 0 { return [] }

        // lcs[i * (m + 1) + j] = LCS length of a[i...] and b[j...].
        var lcs = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lcs[i * (m + 1) + j] = a[i] == b[j]
                        ? lcs[(i + 1) * (m + 1) + j + 1] + 1
                        : Swift.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1])
                }
            }
        }

        var hunks: [Hunk] = []
        var open: Hunk? = nil
        var i = 0, j = 0
        func extend(base deleted: Bool, inserted: String?) {
            var h = open ?? Hunk(start: prefix + i, end: prefix + i, replacement: [], owner: 0)
            if deleted { h.end += 1 }
            if let s = inserted { h.replacement.append(s) }
            open = h
        }
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                if let h = open { hunks.append(h); open = nil }
                i += 1; j += 1
            } else if j < m && (i == n || lcs[i * (m + 1) + j + 1] >= lcs[(i + 1) * (m + 1) + j]) {
                extend(base: false, inserted: b[j]); j += 1
            } else {
                extend(base: true, inserted: nil); i += 1
            }
        }
        if let h = open { hunks.append(h) }
        // A run of n paragraphs replaced by n paragraphs is n edits in place:
        // split it so that an edit next to another version's edit still merges.
        return hunks.flatMap { h -> [Hunk] in
            guard h.end - h.start == h.replacement.count, h.replacement.count > 1 else { return [h] }
            return h.replacement.indices.map { k in
                Hunk(start: h.start + k, end: h.start + k + 1, replacement: [h.replacement[k]], owner: h.owner)
            }
        }
    }
}
