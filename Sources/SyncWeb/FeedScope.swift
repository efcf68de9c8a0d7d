/// Which documents an Atom feed follows.
package enum FeedScope: Sendable, Equatable {
    case node
    case city(String)
    case category(String)
    /// The search given by the `q` query parameter.
    case search
}
