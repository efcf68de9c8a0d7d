/// A deterministic vocabulary of several thousand words with Zipf-like
/// (Zipf-Mandelbrot) frequencies: the first ranks are real English function
/// words, the rest synthetic but pronounceable content words. A realistic
/// spread matters: with a tiny vocabulary every term matches most documents
/// and search timings mean nothing.
struct Vocabulary {
    /// Words by rank (0 = most frequent).
    let words: [String]
    /// Cumulative, normalised weights by rank.
    private let cumulative: [Double]
    /// Ranks below this are function words ("the", "of"): never query terms.
    let firstContentRank: Int

    static let functionWords: [String] = """
        the of and to in a is that for it as was with be by on not he this are or his from at which but have an \
        they you were her she there had been one all we their has would more if will can who when so what its \
        about into than them some could other out also these two may then do first any like new time only most \
        over such our where after made between many through over before must those under while both well each \
        should very just three even because same year how since against city people during without again last \
        around another place within among still every never being number across however here local public
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    init(size: Int = 6_000, seed: UInt64 = 0x5EED_0F_C17E5) {
        var rng = SplitMix64(seed: seed)
        var seen = Set<String>()
        var words: [String] = []
        for w in Self.functionWords where seen.insert(w).inserted { words.append(w) }
        firstContentRank = words.count
        let onsets = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
                      "br", "cr", "dr", "fr", "gr", "pl", "pr", "st", "tr", "ch", "sh", "th", "qu", "sp", "bl", "gl"]
        let vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "y"]
        let codas = ["", "", "", "n", "r", "s", "l", "m", "t", "nd", "st", "rk", "ng", "x"]
        var attempts = 0
        while words.count < size && attempts < size * 100 {
            attempts += 1
            var w = ""
            for _ in 0..<rng.int(1...3) {
                w += onsets[rng.int(0...onsets.count - 1)] + vowels[rng.int(0...vowels.count - 1)]
                    + codas[rng.int(0...codas.count - 1)]
            }
            if w.count >= 3 && w.count <= 14 && seen.insert(w).inserted { words.append(w) }
        }
        self.words = words
        var total = 0.0
        var cumulative: [Double] = []
        cumulative.reserveCapacity(words.count)
        for rank in words.indices {
            total += 1.0 / Double(rank + 3)   // Zipf-Mandelbrot, s = 1, q = 2
            cumulative.append(total)
        }
        self.cumulative = cumulative.map { $0 / total }
    }

    /// A word drawn with Zipf-like frequency.
    func sample(_ rng: inout SplitMix64) -> String {
        words[rank(for: rng.unit())]
    }

    /// A content word drawn uniformly (query terms: from common to rare).
    func uniformContentWord(_ rng: inout SplitMix64) -> String {
        words[rng.int(firstContentRank...(words.count - 1))]
    }

    /// A content word drawn with Zipf-like frequency.
    func zipfContentWord(_ rng: inout SplitMix64) -> String {
        for _ in 0..<64 {
            let r = rank(for: rng.unit())
            if r >= firstContentRank { return words[r] }
        }
        return words[firstContentRank]
    }

    private func rank(for u: Double) -> Int {
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] < u { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
