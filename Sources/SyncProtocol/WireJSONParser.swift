import SyncCore

/// The JSON parser applied to messages from peers: SyncCore's strict
/// `JSONParser` with the protocol's nesting limit, its errors reported as
/// `WireError`s.
package enum WireJSONParser {
    /// - Throws: `WireError` with code `.malformedJSON`, naming the byte offset.
    package static func parse(_ bytes: [UInt8]) throws(WireError) -> WireJSON {
        do {
            return try JSONParser.parse(bytes, maxDepth: WireLimits.maxJSONDepth)
        } catch {
            throw WireError(.malformedJSON, field: "", "at byte \(error.offset): \(error.reason)")
        }
    }
}
