/// Resource limits and deadlines: what one peer may cost the server.
public struct HTTPServerLimits: Sendable, Hashable {
    /// Largest request body accepted. A larger `Content-Length` gets 413
    /// before any body byte is read; a chunked body that grows past it is cut
    /// off by closing the connection (libmicrohttpd cannot answer mid-body).
    public var maxBodyBytes: Int = 16 << 20
    /// Per-connection memory pool for the request head and I/O buffers; a head
    /// that does not fit gets 431.
    public var connectionMemoryBytes: Int = 32 << 10
    /// Connections open at once; further ones wait in the listen backlog.
    public var maxConnections: Int = 256
    /// Connections open at once from one IP address; further ones are closed at once.
    public var maxConnectionsPerIP: Int = 32
    /// Worker threads. Each serves many connections with non-blocking I/O, so
    /// a slow network peer blocks nobody; a slow *responder* blocks its worker.
    public var threadPoolSize: Int = 2
    /// Absolute time allowed from accept (or from the end of the previous
    /// request on a kept-alive connection) to a complete request head,
    /// TLS handshake included. Cuts off clients that trickle bytes.
    public var headerDeadline: Duration = .seconds(10)
    /// Absolute time allowed from a complete request head until the response
    /// is fully sent (body upload, responder, streamed response).
    public var requestDeadline: Duration = .seconds(120)
    /// libmicrohttpd's inactivity timeout (no byte in either direction).
    public var idleTimeout: Duration = .seconds(30)

    public init() {}

    /// Nil when every limit is usable, else what is wrong.
    func problem() -> String? {
        if maxBodyBytes < 0 { return "maxBodyBytes must not be negative (got \(maxBodyBytes))" }
        if connectionMemoryBytes < 4096 {
            return "connectionMemoryBytes must be at least 4096 (got \(connectionMemoryBytes))"
        }
        if maxConnections < 1 { return "maxConnections must be at least 1 (got \(maxConnections))" }
        if maxConnectionsPerIP < 1 {
            return "maxConnectionsPerIP must be at least 1 (got \(maxConnectionsPerIP))"
        }
        if !(1...64).contains(threadPoolSize) {
            return "threadPoolSize must be between 1 and 64 (got \(threadPoolSize))"
        }
        if headerDeadline <= .zero { return "headerDeadline must be positive" }
        if requestDeadline <= .zero { return "requestDeadline must be positive" }
        if idleTimeout < .seconds(1) { return "idleTimeout must be at least one second" }
        return nil
    }
}
