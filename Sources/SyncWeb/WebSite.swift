/// What every page shows around its content: the node's name, where it is
/// reached (for absolute links in feeds), and the filter choices.
public struct WebSite: Sendable, Equatable {
    public var nodeName: String
    /// `https://host:port` without a trailing slash.
    public var baseURL: String
    public var cities: [WebFacet]
    public var categories: [WebFacet]

    public init(nodeName: String, baseURL: String, cities: [WebFacet] = [], categories: [WebFacet] = []) {
        self.nodeName = nodeName
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.cities = cities
        self.categories = categories
    }
}
