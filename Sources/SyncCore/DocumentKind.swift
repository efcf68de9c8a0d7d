/// The two kinds of document a city publishes.
public enum DocumentKind: String, Sendable, Hashable, CaseIterable, Codable {
    case article
    case talk
}
