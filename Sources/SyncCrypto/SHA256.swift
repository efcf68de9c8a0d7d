internal import COpenSSL
import SyncCore

/// SHA-256 through OpenSSL.
package enum SHA256 {
    /// The 32-byte digest of `bytes`.
    package static func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { OpenSSL.sha256($0) }
    }

    /// The 32-byte digest of a string's UTF-8 bytes.
    package static func hash(_ text: String) -> [UInt8] {
        hash(Array(text.utf8))
    }

    /// Lowercase hex of the digest of `bytes`.
    package static func hexDigest(_ bytes: [UInt8]) -> String {
        Hex.encode(hash(bytes))
    }
}
