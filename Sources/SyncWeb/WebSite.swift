/// What every page shows around its content: the node's name, where it is
/// reached (for absolute links in feeds), and the filter choices.
package struct WebSite: Sendable, Equatable {
    package var nodeName: String
    /// `https://host:port` without a trailing slash.
    package var baseURL: String
    package var cities: [WebFacet]
    package var categories: [WebFacet]

    package init(nodeName: String, baseURL: String, cities: [WebFacet] = [], categories: [WebFacet] = []) {
        self.nodeName = nodeName
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.cities = cities
        self.categories = categories
    }
}
