import SyncCore

/// Protocol messages are plain JSON values (SyncCore's `JSONValue`).
public typealias WireJSON = JSONValue
