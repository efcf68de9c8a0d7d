/// What a caller of `LocalNode.importRecords` is told once the import has
/// committed: its summary, and a way to read the reassigned ids one at a
/// time (they are not held in memory: an import of another node's export
/// reassigns every record). Called before the import's work tables go.
package typealias ImportReport = (_ summary: ImportSummary,
                                  _ forEachReassigned: ((IDReassignment) throws -> Void) throws -> Void) throws -> Void
