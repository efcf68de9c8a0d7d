/// What one import did.
public struct ImportSummary: Sendable, Equatable {
    public var files: Int
    public var created: Int
    public var updated: Int
    public var unchanged: Int
    public var ids: [String]
}
