internal import COpenSSL

/// OpenSSL's per-thread state: the thread's two random generators (made on
/// its first TLS handshake) and its error queue, which OpenSSL frees when
/// the thread exits.
///
/// A thread that is still ending when the process exits can lose that
/// race: `OPENSSL_cleanup` (an exit handler) runs first, the thread's state
/// is never freed, and LeakSanitizer reports about 9 KB from
/// `CRYPTO_zalloc` (two 40-byte `EVP_RAND_CTX` and what they own). A
/// thread that used OpenSSL (directly or through libcurl's TLS) and then
/// tells the main thread it is done calls `release()` first, so that its
/// state is gone before the process can exit.
public enum OpenSSLThreadState {
    /// Frees the calling thread's OpenSSL state now (`OPENSSL_thread_stop`).
    /// Safe at any time: OpenSSL makes the state again if the thread uses
    /// it afterwards. It returns nothing and cannot fail.
    public static func release() {
        OPENSSL_thread_stop()
    }
}
