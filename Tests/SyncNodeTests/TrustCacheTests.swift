import Foundation
import SyncCrypto
@testable import SyncNode
import TestSupport
import XCTest

/// The server's view of the peers directory (`TrustCache`): it no longer
/// stamps every peer file on every request, yet a change made before a
/// request is seen by that request.
final class TrustCacheTests: XCTestCase {
    private func peer(_ name: String) throws -> PeerConfig {
        PeerConfig(name: name, url: "https://127.0.0.1:9", publicKey: try Ed25519PrivateKey.generate().publicKey)
    }

    private func cache(_ directory: String, watch: Bool = true) throws -> TrustCache {
        let identity = NodeIdentity(name: "self", publicKey: try Ed25519PrivateKey.generate().publicKey)
        return try TrustCache(directory: directory, identity: identity, log: Logger(enabled: false), watch: watch)
    }

    func testAddedChangedAndRemovedPeersAreSeenAtTheNextCall() throws {
        try checkAddedChangedAndRemovedPeers(watch: true)
    }

    /// A sync run's cache (no inotify: see `TrustCache.watches`) sees the
    /// same changes by stamping the files at every call.
    func testWithoutAWatchChangesAreSeenByTheirStamps() throws {
        try checkAddedChangedAndRemovedPeers(watch: false)
    }

    private func checkAddedChangedAndRemovedPeers(watch: Bool) throws {
        let dir = try TemporaryDirectory()
        let trust = try cache(dir.path, watch: watch)
        XCTAssertTrue(trust.current().peers.isEmpty)
        XCTAssertEqual(trust.isWatching, watch, "inotify only where asked for: what follows is seen by the watch, or by stamps")

        let lisbon = try peer("lisbon")
        try TrustStore.save(lisbon, in: dir.path)
        XCTAssertEqual(trust.current().peers["lisbon"]?.publicKey, lisbon.publicKey, "an added peer is trusted at once")

        let rotated = try peer("lisbon")
        try TrustStore.save(rotated, in: dir.path)
        XCTAssertEqual(trust.current().peers["lisbon"]?.publicKey, rotated.publicKey, "a changed key is used at once")

        try FileManager.default.removeItem(atPath: dir.path + "/lisbon.json")
        XCTAssertNil(trust.current().peers["lisbon"], "a removed peer is refused at once")
        XCTAssertEqual(trust.isWatching, watch)
    }

    func testAFileRewrittenInPlaceIsSeen() throws {
        let dir = try TemporaryDirectory()
        let first = try peer("oslo")
        try TrustStore.save(first, in: dir.path)
        let trust = try cache(dir.path)
        XCTAssertEqual(trust.current().peers["oslo"]?.publicKey, first.publicKey)
        XCTAssertTrue(trust.isWatching)
        // An editor that writes the file itself (no rename into place).
        let second = try peer("oslo")
        let scratch = try TemporaryDirectory()
        try TrustStore.save(second, in: scratch.path)
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: scratch.path + "/oslo.json"))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: dir.path + "/oslo.json"))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: bytes)
        try handle.close()
        XCTAssertEqual(trust.current().peers["oslo"]?.publicKey, second.publicKey)
    }

    func testAReplacedDirectoryIsWatchedAgain() throws {
        let parent = try TemporaryDirectory()
        let path = parent.path + "/peers"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        let trust = try cache(path)
        XCTAssertTrue(trust.current().peers.isEmpty)
        XCTAssertTrue(trust.isWatching)
        // Replaced whole, as a restore from a backup might.
        try FileManager.default.moveItem(atPath: path, toPath: parent.path + "/peers.old")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        let bergen = try peer("bergen")
        try TrustStore.save(bergen, in: path)
        XCTAssertEqual(trust.current().peers["bergen"]?.publicKey, bergen.publicKey)
        // And the new directory is watched from then on.
        XCTAssertTrue(trust.isWatching, "the lost watch is set up again on the new directory")
        try FileManager.default.removeItem(atPath: path + "/bergen.json")
        XCTAssertNil(trust.current().peers["bergen"])
        XCTAssertTrue(trust.isWatching)
    }
}
