/// How the client decides that the server is the peer it means.
package enum HTTPClientTrust: Sendable, Hashable {
    /// The system CA store, with name and date checks (public CAs).
    case systemCAs
    /// A private CA bundle file (PEM), with name and date checks.
    case caBundle(path: String)
    /// Only this public key (`sha256//BASE64`, libcurl's pin format). The
    /// chain, the dates and the name are NOT checked: the pin is the trust.
    case pinnedKey(String)
    /// Both: the chain must verify against the CA bundle *and* the key match the pin.
    case caBundleAndPinnedKey(path: String, pin: String)
}
