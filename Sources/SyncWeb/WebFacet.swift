/// A city or category with the number of documents it has, for filters.
package struct WebFacet: Sendable, Equatable {
    package var name: String
    package var count: Int

    package init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}
