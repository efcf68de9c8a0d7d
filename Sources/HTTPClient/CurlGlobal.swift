internal import CCurl

/// `curl_global_init` once per process, lazily and thread-safely (Swift runs
/// a static `let` initializer exactly once, under a lock).
enum CurlGlobal {
    private static let initCode: UInt32 = curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue

    /// Nil if libcurl is ready, else why not.
    static func problem() -> String? {
        let code = initCode
        guard code != CURLE_OK.rawValue else { return nil }
        return "curl_global_init failed with code \(code): " + String(cString: curl_easy_strerror(CURLcode(rawValue: code)))
    }
}
