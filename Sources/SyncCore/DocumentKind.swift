/// The two kinds of document a city publishes.
package enum DocumentKind: String, Sendable, Hashable, CaseIterable, Codable {
    case article
    case talk

    /// "an article" or "a talk", for messages.
    package var withArticle: String { self == .article ? "an article" : "a talk" }
}
