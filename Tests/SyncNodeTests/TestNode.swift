import Foundation
import HTTPServer
import SyncCore
import SyncCrypto
import SyncNode
import SyncProtocol
import SyncStore
import TestSupport
import ThrowawayTLS

/// One in-process node of the test federation: a temporary home made with
/// `LocalNode.initialise` and, once `serve` is called, a TLS `HTTPServer` on
/// 127.0.0.1 (port 0) answering with a `NodeService`. Peers are trusted by
/// writing `peers/<name>.json` with `TrustStore.save`, as `syncnode peer add`
/// does. The server is stopped by `stop()` or when the node goes away.
final class TestNode {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let citiesPath = repositoryRoot + "/Fixtures/cities"

    let name: String
    let directory: TemporaryDirectory
    let home: NodeHome
    /// Replaced only by `restore(from:)`.
    private(set) var local: LocalNode!
    private(set) var key: Ed25519PrivateKey
    /// Kept across server restarts, like a process's counters.
    let metrics = Metrics()
    private(set) var server: HTTPServer?
    /// `https://127.0.0.1:PORT` of the running server ("" before `serve`).
    private(set) var url = ""

    init(_ name: String) throws {
        self.name = name
        directory = try TemporaryDirectory(prefix: "fed-\(name)")
        home = NodeHome(path: directory.path("home"))
        local = try LocalNode.initialise(home: home, name: name)
        key = try Ed25519PrivateKey(pem: String(contentsOfFile: home.privateKeyPath, encoding: .utf8))
    }

    deinit { server?.stop() }

    var store: Store { local.store }
    var identity: NodeIdentity { local.identity }

    // MARK: content

    /// Imports `Fixtures/cities/<city>` (the node's own city by default).
    @discardableResult
    func importCity(_ city: String? = nil) throws -> ImportSummary {
        let records = try RecordReader.read(path: Self.citiesPath + "/" + (city ?? name))
        return try local.importRecords(records, files: Set(records.map(\.file)).count)
    }

    /// Revision ids in change-log order.
    func revisionIDs() throws -> [String] {
        try store.changes(after: 0, limit: 1_000_000).map(\.revision.revisionID)
    }

    /// The signed revisions this node authored, in log order.
    func ownRevisions() throws -> [SignedRevision] {
        try store.changes(after: 0, limit: 1_000_000).map(\.signed)
            .filter { ActorEpoch.parse($0.revision.author).node == name }
    }

    func digest() throws -> StoreDigest { try StoreDigest(store) }

    // MARK: serving

    /// Starts (or restarts, on a new port) the HTTPS server with `certificate`.
    @discardableResult
    func serve(certificate: ThrowawayCertificate, port: UInt16 = 0, clientCAPEM: String? = nil) throws -> String {
        stop()
        var limits = HTTPServerLimits()
        limits.threadPoolSize = 2
        limits.maxBodyBytes = 16 << 20
        let tls = HTTPServerTLS(certificatePEM: certificate.certificatePEM, privateKeyPEM: certificate.keyPEM,
                                clientCAPEM: clientCAPEM)
        let slot = ServiceBox()
        let server = try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: port, tls: tls, limits: limits),
                                    responder: slot)
        let bound = try server.start()
        url = "https://127.0.0.1:\(bound)"
        slot.set(try NodeService(home: home, identity: identity, key: key, settings: ServiceSettings(publicURL: url),
                                 metrics: metrics, log: Logger(enabled: false)))
        self.server = server
        return url
    }

    /// Stops the server (idempotent); its store connections close with it.
    func stop() {
        server?.stop()
        server = nil
    }

    // MARK: peers

    /// Trusts `peer`'s key, reaching it at `url` (its server by default),
    /// verifying its certificate against `caFile`.
    func trust(_ peer: TestNode, url: String? = nil, caFile: String) throws {
        try trust(name: peer.name, publicKey: peer.identity.publicKey, url: url ?? peer.url, caFile: caFile)
    }

    func trust(name: String, publicKey: Ed25519PublicKey, url: String, caFile: String) throws {
        try TrustStore.save(PeerConfig(name: name, url: url, publicKey: publicKey, caFile: caFile), in: home.peersPath)
    }

    func trustStore() throws -> TrustStore {
        try TrustStore(directory: home.peersPath, selfIdentity: identity)
    }

    func client(_ peer: String, timeouts: PeerClient.Timeouts = PeerClient.Timeouts()) throws -> PeerClient {
        let trust = try trustStore()
        return try PeerClient(peer: trust.peer(peer), identity: identity, key: key, trust: trust, timeouts: timeouts)
    }

    /// Pulls `peer`'s change log into this store, from the stored checkpoint.
    /// - Parameter groupAfter: `Puller.bulkAfterRevisions` (pages are applied in groups after it).
    @discardableResult
    func pull(from peer: String, pageLimit: Int = 500, groupAfter: Int? = nil, fromStart: Bool = false,
              shouldStop: () -> Bool = { false }, progress: (TransferReport) -> Void = { _ in }) throws -> TransferReport {
        var puller = Puller()
        puller.pageLimit = pageLimit
        if let groupAfter { puller.bulkAfterRevisions = groupAfter }
        let key = self.key
        puller.sign = { try key.sign(CanonicalEncoding.signingBytes(of: $0)) }
        return try puller.pull(from: client(peer), into: store, selfName: name, trust: trustStore(), fromStart: fromStart,
                               shouldStop: shouldStop, progress: progress)
    }

    /// Pushes what `peer` has not acknowledged.
    @discardableResult
    func push(to peer: String) throws -> TransferReport {
        try Pusher().push(to: client(peer), from: store, selfName: name)
    }

    func runner() -> SyncRunner {
        SyncRunner(home: home, identity: identity, key: key, metrics: metrics, log: Logger(enabled: false))
    }

    /// A requester that signs as this node.
    func requester(to peer: TestNode, caFile: String) throws -> SignedRequester {
        try SignedRequester(name: name, key: key, baseURL: peer.url, caFile: caFile)
    }

    /// Rotates the node's key (`syncnode rotate-key`); restart `serve` after.
    func rotateKey() throws {
        stop()
        local = try local.rotateKey()
        key = try Ed25519PrivateKey(pem: String(contentsOfFile: home.privateKeyPath, encoding: .utf8))
    }

    // MARK: backup and restore

    /// Replaces the store with the backup file, as an operator restoring a
    /// backup would: server stopped, store closed, file copied over, reopened.
    func restore(from backup: String) throws {
        stop()
        local = nil
        let fm = FileManager.default
        for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: home.storePath + suffix) {
            try fm.removeItem(atPath: home.storePath + suffix)
        }
        try fm.copyItem(atPath: backup, toPath: home.storePath)
        local = try LocalNode.open(home: home, readOnly: false)
    }
}
