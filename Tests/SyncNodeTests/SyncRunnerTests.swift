import Foundation
import HTTPClient
import SyncCrypto
import SyncNode
import SyncStore
import TestSupport
import XCTest

/// One run against a healthy peer, a peer that refuses connections and a
/// peer that accepts TCP but never answers: each peer's outcome is its own.
final class SyncRunnerTests: FederationTestCase {
    func testHealthyPeerSyncsWhileRefusingAndSilentPeersFailWithReasonsAndBackOff() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let (birmingham, singapore) = (nodes[0], nodes[1])
        let refusing = try LoopbackListener(listening: false)
        let silent = try LoopbackListener(listening: true)
        defer {
            refusing.close()
            silent.close()
        }
        try birmingham.trust(name: "lisbon", publicKey: try Ed25519PrivateKey.generate().publicKey,
                             url: "https://127.0.0.1:\(refusing.port)", caFile: certs.caFile)
        try birmingham.trust(name: "rotterdam", publicKey: try Ed25519PrivateKey.generate().publicKey,
                             url: "https://127.0.0.1:\(silent.port)", caFile: certs.caFile)

        var options = SyncOptions()
        options.timeouts.connect = .seconds(2)
        options.timeouts.request = .seconds(3)
        options.timeouts.lowSpeedTime = .seconds(3)
        options.attempts = 2
        options.retryDelay = .milliseconds(100)
        options.backoffBase = .seconds(30)
        options.backoffCap = .seconds(600)
        let started = Date()
        let startedMillis = WallClock.nowMillis()
        let reports = try birmingham.runner().run(options, kind: "manual")
        let elapsed = Date().timeIntervalSince(started)
        let finished = WallClock.nowMillis()
        XCTAssertLessThan(elapsed, 30, "a loose bound: the run is limited by its own timeouts")

        XCTAssertEqual(reports.map(\.peer), ["lisbon", "rotterdam", "singapore"])
        let byPeer = Dictionary(uniqueKeysWithValues: reports.map { ($0.peer, $0) })
        let healthy = try XCTUnwrap(byPeer["singapore"])
        XCTAssertEqual(healthy.status, "ok", "\(healthy)")
        XCTAssertEqual(healthy.attempts, 1)
        XCTAssertEqual(healthy.pull?.applied, try singapore.ownRevisions().count)
        XCTAssertEqual(healthy.push?.applied, try birmingham.ownRevisions().count)
        XCTAssertNil(healthy.nextAttempt)

        let down = try XCTUnwrap(byPeer["lisbon"])
        XCTAssertEqual(down.status, "failed")
        XCTAssertEqual(down.attempts, 2, "a refused connection is worth one retry")
        XCTAssertTrue(down.error?.contains("connection refused") ?? false, "\(String(describing: down.error))")

        let hung = try XCTUnwrap(byPeer["rotterdam"])
        XCTAssertEqual(hung.status, "failed")
        XCTAssertEqual(hung.attempts, 2)
        XCTAssertTrue(hung.error?.contains("timed out") ?? false, "\(String(describing: hung.error))")

        // Back-off is recorded per failed peer, not for the healthy one.
        for peer in ["lisbon", "rotterdam"] {
            let state = try birmingham.store.peerState(peer)
            XCTAssertEqual(state.failures, 1, peer)
            XCTAssertEqual(state.lastError, byPeer[peer]?.error, peer)
            let next = try XCTUnwrap(state.nextAttempt, peer)
            XCTAssertEqual(byPeer[peer]?.nextAttempt, next, peer)
            XCTAssertGreaterThanOrEqual(next, startedMillis + 30_000, "at least the 30 s base after the failure")
            XCTAssertLessThanOrEqual(next, finished + 30_000 + 30_000 / 4 + 1, "base plus at most 25% jitter")
        }
        let ok = try birmingham.store.peerState("singapore")
        XCTAssertEqual(ok.failures, 0)
        XCTAssertNil(ok.nextAttempt)
        XCTAssertNotNil(ok.lastSuccess)
        let run = try XCTUnwrap(try birmingham.store.runs(limit: 1).first)
        XCTAssertEqual(run.kind, "manual")
        XCTAssertEqual(run.outcome, "partial")

        // A scheduled run respecting the back-off skips the failed peers at once.
        options.respectBackoff = true
        let second = try birmingham.runner().run(options, kind: "scheduled")
        XCTAssertEqual(second.map(\.status), ["skipped", "skipped", "ok"])
        XCTAssertEqual(second.first?.attempts, 0)
        XCTAssertEqual(try birmingham.store.peerState("lisbon").failures, 1, "a skipped run is not another failure")
    }

    /// `forHome` starts loading libcurl on a thread of its own when the node
    /// has peers (none when it has none); `run` joins that thread, and so
    /// does `forHome` itself when the node cannot be opened.
    func testLibcurlLoadedAheadIsJoinedByTheRunAndWhenOpeningFails() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let birmingham = nodes[0]
        HTTPClient.finishLoadingLibrary()   // nothing left from an earlier test
        let (runner, store) = try SyncRunner.forHome(birmingham.home, log: Logger(enabled: false))
        XCTAssertTrue(HTTPClient.isLoadingLibraryPending, "a node with peers loads libcurl ahead")
        var options = SyncOptions()
        options.attempts = 1
        let reports = try runner.run(options, kind: "manual", recorder: store)
        XCTAssertEqual(reports.map(\.status), ["ok"], "\(reports)")
        XCTAssertFalse(HTTPClient.isLoadingLibraryPending, "the run joined the loading thread")

        // A run that makes no request (here: it names no peer of the node) joins it too.
        let (again, againStore) = try SyncRunner.forHome(birmingham.home, log: Logger(enabled: false))
        XCTAssertTrue(HTTPClient.isLoadingLibraryPending)
        var unknown = options
        unknown.peers = ["atlantis"]
        XCTAssertThrowsError(try again.run(unknown, kind: "manual", recorder: againStore))
        XCTAssertFalse(HTTPClient.isLoadingLibraryPending, "a run that throws joined the loading thread")

        // A home with a peer file but no store: opening fails, and joins.
        let broken = try TemporaryDirectory(prefix: "no-store")
        let home = NodeHome(path: broken.path("home"))
        try FileManager.default.createDirectory(atPath: home.peersPath, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: birmingham.home.peersPath + "/singapore.json", toPath: home.peersPath + "/singapore.json")
        XCTAssertThrowsError(try SyncRunner.forHome(home, log: Logger(enabled: false)))
        XCTAssertFalse(HTTPClient.isLoadingLibraryPending, "forHome joined the loading thread when opening failed")

        // A node with no peers has nothing to load libcurl for.
        let lonely = try TestNode("lonely")
        let (lonelyRunner, lonelyStore) = try SyncRunner.forHome(lonely.home, log: Logger(enabled: false))
        XCTAssertFalse(HTTPClient.isLoadingLibraryPending, "no peers: no load ahead")
        XCTAssertEqual(try lonelyRunner.run(options, kind: "manual", recorder: lonelyStore).count, 0)
    }
}
