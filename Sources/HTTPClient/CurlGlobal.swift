internal import CCurl

/// libcurl, loaded and initialised once per process, lazily and thread-safely
/// (Swift runs a static `let` initializer exactly once, under a lock). The
/// library is loaded on first use rather than linked (see CCurl/shim.h), so
/// that commands that make no request do not pay for loading it.
enum CurlGlobal {
    private static let loadProblem: String? = ccurl_load().map { String(cString: $0) }
    private static let initCode: UInt32 = loadProblem == nil ? ccurl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue : CURLE_FAILED_INIT.rawValue

    /// Nil if libcurl is ready, else why not and what to do.
    static func problem() -> String? {
        if let loadProblem {
            return "libcurl could not be loaded (\(loadProblem)); install it (Debian: apt-get install libcurl4) and try again"
        }
        let code = initCode
        guard code != CURLE_OK.rawValue else { return nil }
        return "curl_global_init failed with code \(code): " + String(cString: ccurl_easy_strerror(CURLcode(rawValue: code)))
    }
}
