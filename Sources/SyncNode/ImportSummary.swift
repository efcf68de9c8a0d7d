/// What one import did.
package struct ImportSummary: Sendable, Equatable {
    package var files: Int
    /// Records read (created + updated + unchanged).
    package var records: Int = 0
    package var created: Int = 0
    package var updated: Int = 0
    package var unchanged: Int = 0
    /// The document id of each record, in record order (when the import was
    /// asked to list them, `listIDs`: they are held in memory until printed).
    package var ids: [String] = []
    /// Records that carried another node's id the store did not have, and
    /// were created under a new id of this node instead.
    package var reassignedCount = 0
    /// Those records' old and new ids, in record order (when the import was
    /// asked to list them, `listIDs`; else read them through its report).
    package var reassigned: [IDReassignment] = []

    package init(files: Int) {
        self.files = files
    }
}
