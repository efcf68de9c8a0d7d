import SyncCore

/// The filters of `syncnode list`.
public struct ListFilter: Sendable, Equatable {
    public var kind: DocumentKind?
    public var category: String?
    public var city: String?
    public var tag: String?
    /// Only documents dated on or after this `YYYY-MM-DD`.
    public var since: String?
    public var limit: Int
    public var includeDeleted: Bool

    public init(kind: DocumentKind? = nil, category: String? = nil, city: String? = nil, tag: String? = nil,
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
