/// libcrypto is loaded on first use (see COpenSSL/shim.h). A command that
/// loads other libraries on another thread meanwhile (libcurl, which
/// depends on it) loads it first, so that its own first key or digest does
/// not wait on the dynamic loader for the other load.
package enum CryptoLibrary {
    /// Loads libcrypto now if it is not loaded yet. Nil when it is ready,
    /// else why not and what to do.
    package static func load() -> String? {
        OpenSSL.loadProblem()
    }
}
