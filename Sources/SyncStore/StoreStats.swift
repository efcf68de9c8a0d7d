/// Counts for `syncnode stats` and `status`.
package struct StoreStats: Sendable, Equatable {
    package var articles: Int
    package var talks: Int
    package var deleted: Int
    package var revisions: Int
    package var conflicts: Int
    package var cities: [String: Int]
    package var headSeq: Int64
    package var fileBytes: Int64
}
