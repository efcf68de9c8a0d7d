import SyncCore

/// The filters of `syncnode list`.
package struct ListFilter: Sendable, Equatable {
    package var kind: DocumentKind?
    package var category: String?
    package var city: String?
    package var tag: String?
    /// Only documents dated on or after this `YYYY-MM-DD`.
    package var since: String?
    package var limit: Int
    package var includeDeleted: Bool

    package init(kind: DocumentKind? = nil, category: String? = nil, city: String? = nil, tag: String? = nil,
                since: String? = nil, limit: Int = 100, includeDeleted: Bool = false) {
        self.kind = kind
        self.category = category
        self.city = city
        self.tag = tag
        self.since = since
        self.limit = limit
        self.includeDeleted = includeDeleted
    }
}
