/// What a `TLSRawClient` saw: handshake outcome, bytes received, who closed.
public struct TLSRawExchange: Sendable, CustomStringConvertible {
    /// Nil when TCP connect and TLS handshake succeeded, else the error text.
    public let handshakeError: String?
    /// Everything the server sent.
    public let received: [UInt8]
    /// The server closed or reset the connection (rather than the client
    /// giving up after its read timeout or maximum duration).
    public let closedByServer: Bool
    /// Request bytes actually written before the end.
    public let bytesSent: Int
    /// The client's own error while sending or reading, if any.
    public let transportError: String?

    public init(handshakeError: String?, received: [UInt8], closedByServer: Bool, bytesSent: Int,
                transportError: String?) {
        self.handshakeError = handshakeError
        self.received = received
        self.closedByServer = closedByServer
        self.bytesSent = bytesSent
        self.transportError = transportError
    }

    /// The received bytes as text.
    public var text: String { String(decoding: received, as: UTF8.self) }

    /// The status codes of every response line (`HTTP/1.1 400 ...` -> 400), in order.
    public var statusCodes: [Int] {
        text.split(separator: "\r\n", omittingEmptySubsequences: false).compactMap { line in
            guard line.hasPrefix("HTTP/1.") else { return nil }
            let parts = line.split(separator: " ")
            return parts.count >= 2 ? Int(parts[1]) : nil
        }
    }

    public var description: String {
        "handshake: \(handshakeError ?? "ok"), sent \(bytesSent) bytes, closed by server: \(closedByServer), "
            + "transport error: \(transportError ?? "none"), received: \(text.prefix(300).debugDescription)"
    }
}
