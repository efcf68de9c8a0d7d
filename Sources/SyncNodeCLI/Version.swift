/// The release of this syncnode, printed by `syncnode --version`; raised
/// with each release (the protocol version is NodeInfo's, printed beside it).
enum Version {
    static let current = "0.12.0"
}
