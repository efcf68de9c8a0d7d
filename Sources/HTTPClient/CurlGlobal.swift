import Synchronization
internal import CCurl
import Threads

/// libcurl, loaded and initialised once per process, lazily and thread-safely
/// (Swift runs a static `let` initializer exactly once, under a lock). The
/// library is loaded on first use rather than linked (see CCurl/shim.h), so
/// that commands that make no request do not pay for loading it; a command
/// that will make requests can start the load ahead (`startLoading`).
enum CurlGlobal {
    private static let loadProblem: String? = ccurl_load().map { String(cString: $0) }
    private static let initCode: UInt32 = loadProblem == nil ? ccurl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue : CURLE_FAILED_INIT.rawValue

    /// The thread of a load begun ahead, until someone has joined it.
    private static let loader = Mutex<JoinableThread?>(nil)

    /// Loads and initialises libcurl on a thread of its own, unless such a
    /// thread is still to be joined. (Once libcurl is loaded, a new thread
    /// finds it initialised and ends at once.) With no thread to spare, the
    /// first request loads it.
    static func startLoading() {
        loader.withLock { held in
            guard held == nil else { return }
            held = try? JoinableThread { _ = initCode }
        }
    }

    /// Waits until a load begun ahead has finished and its thread exited.
    /// Taking the thread out under the lock makes one caller join it; one
    /// that comes meanwhile finds none, and waits (if it needs libcurl) in
    /// `initCode`'s once-only initialisation instead.
    static func joinLoader() {
        let thread = loader.withLock { held -> JoinableThread? in
            defer { held = nil }
            return held
        }
        thread?.join()
    }

    /// Whether a load begun ahead is still to be joined (for tests).
    static var isLoaderPending: Bool { loader.withLock { $0 != nil } }

    /// Nil if libcurl is ready, else why not and what to do.
    static func problem() -> String? {
        joinLoader()
        if let loadProblem {
            return "libcurl could not be loaded (\(loadProblem)); install it (Debian: apt-get install libcurl4) and try again"
        }
        let code = initCode
        guard code != CURLE_OK.rawValue else { return nil }
        return "curl_global_init failed with code \(code): " + String(cString: ccurl_easy_strerror(CURLcode(rawValue: code)))
    }
}
