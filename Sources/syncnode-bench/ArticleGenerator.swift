import SyncCore

/// Deterministic synthetic articles of about 2.5 KB: a title, a summary, and
/// a body of several paragraphs, drawn from `Vocabulary`, plus category,
/// city, tags, date, language, source URL and organisation. Article `i` of a
/// given seed is always the same, whatever else was generated before.
struct ArticleGenerator {
    let vocabulary: Vocabulary
    let seed: UInt64
    /// The node name that minted the ids.
    let idNode: String

    static let categories = ["transport", "housing", "health", "education", "culture", "environment", "economy",
                             "technology", "sport", "governance", "energy", "water"]
    static let cities = ["birmingham", "singapore", "new-york", "lagos", "lima", "osaka", "tallinn", "nairobi",
                         "porto", "montreal"]
    static let tags = ["open-data", "pilot", "consultation", "budget", "report", "event", "partnership", "research",
                       "policy", "community", "procurement", "skills", "mobility", "climate", "digital", "youth"]

    init(vocabulary: Vocabulary, seed: UInt64, idNode: String) {
        self.vocabulary = vocabulary
        self.seed = seed
        self.idNode = idNode
    }

    private func rng(_ index: Int, version: Int) -> SplitMix64 {
        var mix = SplitMix64(seed: seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(version) << 48))
        return SplitMix64(seed: mix.next())
    }

    /// The id of article `index` (stable across versions).
    func id(_ index: Int) -> String {
        var r = rng(index, version: 0xFFFF)
        return DocumentID.mint(node: idNode, random: r.bytes(16))
    }

    /// Article `index`; `version` > 0 gives an edited article (new summary
    /// and a changed paragraph, same id, title, city and category).
    func content(_ index: Int, version: Int = 0) -> Content {
        var r = rng(index, version: 0)
        var c = Content()
        c["title"] = .text(sentence(&r, words: r.int(4...9), capitalise: true, period: false))
        c["category"] = .text(Self.categories[r.int(0...Self.categories.count - 1)])
        c["city"] = .text(Self.cities[r.int(0...Self.cities.count - 1)])
        c["language"] = .text("en")
        let y = r.int(2012...2024), m = r.int(1...12), d = r.int(1...28)
        c["published_date"] = .text("\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)")
        c["tags"] = .list((0..<r.int(1...4)).map { _ in Self.tags[r.int(0...Self.tags.count - 1)] })
        c["organisation"] = .text(sentence(&r, words: r.int(2...4), capitalise: true, period: false))
        c["source_url"] = .text("https://news.example.org/\(idNode)/\(index)")
        var paragraphs = (0..<r.int(4...7)).map { _ in
            (0..<r.int(3...5)).map { _ in sentence(&r, words: r.int(9...17), capitalise: true, period: true) }
                .joined(separator: " ")
        }
        var summary = (0..<2).map { _ in sentence(&r, words: r.int(12...20), capitalise: true, period: true) }
            .joined(separator: " ")
        if version > 0 {
            var e = rng(index, version: version)
            summary = (0..<2).map { _ in sentence(&e, words: e.int(12...20), capitalise: true, period: true) }
                .joined(separator: " ")
            let p = e.int(0...paragraphs.count - 1)
            paragraphs[p] = (0..<3).map { _ in sentence(&e, words: e.int(9...17), capitalise: true, period: true) }
                .joined(separator: " ")
        }
        c["summary"] = .text(summary)
        c["body"] = .text(paragraphs.joined(separator: "\n\n"))
        return c
    }

    private func sentence(_ r: inout SplitMix64, words n: Int, capitalise: Bool, period: Bool) -> String {
        var s = ""
        s.reserveCapacity(n * 8)
        for i in 0..<n {
            if i > 0 { s += (r.int(0...11) == 0 && i < n - 1) ? ", " : " " }
            let w = vocabulary.sample(&r)
            if i == 0 && capitalise { s += w.prefix(1).uppercased() + w.dropFirst() } else { s += w }
        }
        return period ? s + "." : s
    }

    /// `count` searches of one to three content words, drawn uniformly from
    /// the vocabulary's content words (so from common to rare terms).
    func queries(_ count: Int) -> [String] {
        var r = SplitMix64(seed: seed ^ 0x0051_EA2C_4000)
        return (0..<count).map { _ in
            (0..<r.int(1...3)).map { _ in vocabulary.uniformContentWord(&r) }.joined(separator: " ")
        }
    }
}
