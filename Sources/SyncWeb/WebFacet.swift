/// A city or category with the number of documents it has, for filters.
public struct WebFacet: Sendable, Equatable {
    public var name: String
    public var count: Int

    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}
