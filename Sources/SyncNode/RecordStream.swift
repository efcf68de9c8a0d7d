import SyncCore

/// Import records as a stream: calls its argument with each record, the
/// file and the line it came from, always in the same order. An import
/// reads it twice (`LocalNode.importRecords(now:batchSize:_:)`) instead of
/// holding every record.
package typealias RecordStream = ((DocumentRecord, String, Int) throws -> Void) throws -> Void
