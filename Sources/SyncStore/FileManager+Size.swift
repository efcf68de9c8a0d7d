import FoundationEssentials

extension FileManager {
    /// The size of the file at `path` in bytes; nil when it cannot be
    /// read. FoundationEssentials reports it as `UInt` (full Foundation
    /// as an NSNumber, which any integer cast accepted): take either.
    package func sizeOfItem(atPath path: String) -> Int64? {
        guard let value = try? attributesOfItem(atPath: path)[.size] else { return nil }
        switch value {
        case let n as UInt: return Int64(n)
        case let n as Int: return Int64(n)
        case let n as UInt64: return Int64(n)
        case let n as Int64: return n
        default: return nil
        }
    }
}
