/// Why the server could not be configured or started, with what to do next.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// An extensible error category, stable for callers to match on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A setting is out of range or inconsistent (see the message).
        public static let invalidConfiguration = Code("invalid configuration")
        /// Plain HTTP was asked for without the explicit flag, or on a non-loopback address.
        public static let plainHTTPRefused = Code("plain HTTP refused")
        /// A certificate, key or CA file could not be read.
        public static let unreadableFile = Code("unreadable file")
        /// libmicrohttpd refused to start (port in use, bad certificate or key, ...).
        public static let startFailed = Code("start failed")
        /// `start()` was called on a running server.
        public static let alreadyRunning = Code("already running")
    }

    public let code: Code
    /// The full human-readable explanation.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
