import SyncProtocol

/// A refusal the server answers with an error body (docs/protocol.md, "Errors").
struct ServiceError: Error {
    var code: String
    var message: String
    /// Extra response headers (`Allow` with 405).
    var headers: HTTPHeaders = HTTPHeaders()
}
