/// Counts for `syncnode stats` and `status`.
public struct StoreStats: Sendable, Equatable {
    public var articles: Int
    public var talks: Int
    public var deleted: Int
    public var revisions: Int
    public var conflicts: Int
    public var cities: [String: Int]
    public var headSeq: Int64
    public var fileBytes: Int64
}
