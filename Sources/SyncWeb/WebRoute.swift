/// The pages and feeds of the web view, parsed from a request path (already
/// percent-decoded by the server).
package enum WebRoute: Sendable, Equatable {
    case front
    case search
    case document(String)
    case city(String)
    case category(String)
    case feed(FeedScope)
    case style
    case notFound

    package static func parse(_ path: String) -> WebRoute {
        switch path {
        case "/", "": return .front
        case "/search", "/search/": return .search
        case WebLink.feed: return .feed(.node)
        case WebLink.searchFeed: return .feed(.search)
        case WebLink.style: return .style
        default: break
        }
        if let id = rest(path, "/doc/") { return .document(id) }
        if let name = rest(path, "/city/") {
            if let n = rest(name, "", suffix: "/feed.atom") { return .feed(.city(n)) }
            return .city(name)
        }
        if let name = rest(path, "/category/") {
            if let n = rest(name, "", suffix: "/feed.atom") { return .feed(.category(n)) }
            return .category(name)
        }
        return .notFound
    }

    /// What follows `prefix` (and precedes `suffix`), when non-empty.
    static func rest(_ path: String, _ prefix: String, suffix: String = "") -> String? {
        guard path.hasPrefix(prefix), path.hasSuffix(suffix), path.count > prefix.count + suffix.count else { return nil }
        return String(path.dropFirst(prefix.count).dropLast(suffix.count))
    }
}
