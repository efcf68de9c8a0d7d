import SyncProtocol

/// The sync protocol this node speaks, for the CLI's `--version` (which
/// goes through the node rather than reaching into the wire module).
package enum ProtocolVersion {
    /// `protocol_version` of `/v1/node`.
    package static let number = NodeInfo.currentProtocolVersion
    /// `protocol` of `/v1/node` (`syncnode/1`).
    package static let name = NodeInfo.protocolV1
}
