import Foundation
import HTTPServer
import Synchronization
import SyncCore
import SyncCrypto
import SyncProtocol
import TestSupport
import ThrowawayTLS

/// A hostile (or, when `honest`, well-behaved) peer: an `HTTPServer` with a
/// closure responder that serves `GET /v1/changes` pages built from
/// `revisions`, each response properly signed with the fake peer's own key.
/// While not honest, the last revision of every page (from `alteredFrom`
/// on) is altered after its author signed it, so only the revision
/// signature can catch it.
final class FakePeer {
    /// What the responder reads; set after the port is known.
    final class State: Sendable {
        let url = Mutex("")
        let honest = Atomic<Bool>(false)
        let pagesServed = Atomic<Int>(0)
        /// The first seq whose page is altered (1: every page).
        let alteredFrom = Atomic<UInt64>(1)
    }

    let name: String
    let key: Ed25519PrivateKey
    let state = State()
    private let server: HTTPServer
    let url: String

    init(name: String, certificate: ThrowawayCertificate, revisions: [SignedRevision]) throws {
        self.name = name
        let key = try Ed25519PrivateKey.generate()
        self.key = key
        let state = self.state
        let tls = HTTPServerTLS(certificatePEM: certificate.certificatePEM, privateKeyPEM: certificate.keyPEM)
        server = try HTTPServer(configuration: HTTPServerConfiguration(tls: tls)) { request in
            FakePeer.respond(to: request, name: name, key: key, revisions: revisions, state: state)
        }
        url = "https://127.0.0.1:\(try server.start())"
        state.url.withLock { $0 = url }
    }

    deinit { server.stop() }

    func stop() { server.stop() }

    static func respond(to request: HTTPRequest, name: String, key: Ed25519PrivateKey,
                        revisions: [SignedRevision], state: State) -> HTTPResponse {
        var response: HTTPResponse
        if request.method == "GET", request.path == "/v1/changes",
           let query = try? ChangesQuery.parse(since: request.query("since"), limit: request.query("limit"),
                                               exclude: request.query("exclude")) {
            var entries = revisions.enumerated().map { ChangesPage.Entry(seq: UInt64($0.offset + 1), revision: $0.element) }
                .filter { $0.seq > query.since }
            let hasMore = entries.count > query.limit
            entries = Array(entries.prefix(query.limit))
            if !state.honest.load(ordering: .relaxed), let last = entries.indices.last,
               entries[last].seq >= state.alteredFrom.load(ordering: .relaxed) {
                entries[last].revision = Forgery.altered(entries[last].revision)
            }
            let page = ChangesPage(node: name, since: query.since, hasMore: hasMore, entries: entries)
            state.pagesServed.add(1, ordering: .relaxed)
            response = HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: page.encoded())
        } else {
            response = HTTPResponse(status: 404, headers: ["Content-Type": "application/json"],
                                    body: ErrorBody(code: "not_found", message: "the fake peer only serves pages").encoded())
        }
        let signer = HTTPSignatureSigner(keyID: name, sign: { try key.sign($0) }, sha256: { SHA256.hash($0) })
        let target = state.url.withLock { $0 } + request.target
        if let headers = try? signer.signResponse(status: response.status, body: response.bodyBytes ?? [],
                                                  request: .init(method: request.method, targetURI: target),
                                                  now: Int64(Date().timeIntervalSince1970)) {
            headers.apply(to: &response.headers)
        }
        return response
    }
}
