/// What one import did.
public struct ImportSummary: Sendable, Equatable {
    public var files: Int
    /// Records read (created + updated + unchanged).
    public var records: Int = 0
    public var created: Int = 0
    public var updated: Int = 0
    public var unchanged: Int = 0
    /// The document id of each record, in record order.
    public var ids: [String] = []
    /// Records that carried another node's id the store did not have, and
    /// were created under a new id of this node instead.
    public var reassigned: [IDReassignment] = []

    public init(files: Int) {
        self.files = files
    }
}
