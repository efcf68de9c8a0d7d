import SyncCore

/// Protocol messages are plain JSON values (SyncCore's `JSONValue`).
package typealias WireJSON = JSONValue
