import Foundation
import HTTPServer
import SyncCore
import SyncCrypto
import SyncNode
import SyncProtocol
import SyncStore
import TestSupport
import XCTest

/// Peers that stream endlessly, trickle, loop on empty pages, or send
/// altered bodies: each is cut off with a message naming the peer and the
/// real cause, attempted once when a retry cannot help, and the pull
/// checkpoint is never damaged.
final class HostilePeerTests: FederationTestCase {
    private func node(trusting peer: HostilePeer) throws -> TestNode {
        let node = try makeNode("birmingham", importing: false)
        try node.trust(name: peer.name, publicKey: peer.key.publicKey, url: peer.url, caFile: certs.caFile)
        return node
    }

    private func pullOnly(_ peer: String) -> SyncOptions {
        var options = SyncOptions()
        options.peers = [peer]
        options.push = false
        options.attempts = 3
        options.retryDelay = .milliseconds(50)
        return options
    }

    /// A chunked body that never ends.
    private static let endless: @Sendable (HTTPRequest) -> HTTPResponse = { _ in
        .stream(headers: ["Content-Type": "application/json"]) {
            let chunk = [UInt8](repeating: 0x20, count: 64 * 1024)
            return { chunk }
        }
    }

    func testEndlessBodyIsCutOffAtThePageCapAndNotRetried() throws {
        let peer = try HostilePeer(name: "lisbon", certificate: certs.server, respond: Self.endless)
        let node = try node(trusting: peer)
        let started = Date()
        let report = try XCTUnwrap(try node.runner().run(pullOnly("lisbon"), kind: "manual").first)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "generous bound")
        XCTAssertEqual(report.status, "failed")
        XCTAssertEqual(report.attempts, 1, "a response too large would only be too large again")
        let error = try XCTUnwrap(report.error)
        XCTAssertTrue(error.contains("lisbon's answer to GET /v1/changes"), error)
        XCTAssertTrue(error.contains("larger than the \(WireLimits.pageBodyCap(limit: Puller().pageLimit))-byte limit"), error)
        XCTAssertEqual(try node.store.peerState("lisbon").pulledSeq, 0)
    }

    func testAnnouncedLengthOverTheCapFailsBeforeTheBody() throws {
        let peer = try HostilePeer(name: "lisbon", certificate: certs.server) { _ in
            .stream(headers: ["Content-Type": "application/json"], length: 1 << 30) {
                let chunk = [UInt8](repeating: 0x20, count: 64 * 1024)
                return { chunk }
            }
        }
        let node = try node(trusting: peer)
        let report = try XCTUnwrap(try node.runner().run(pullOnly("lisbon"), kind: "manual").first)
        XCTAssertEqual(report.attempts, 1)
        let error = try XCTUnwrap(report.error)
        XCTAssertTrue(error.contains("Content-Length announced \(1 << 30) bytes"), error)
        XCTAssertTrue(error.contains("cut off after 0 bytes"), error)
    }

    func testTricklingPeerIsCutOffByTheDeadline() throws {
        // ~2 KB/s: above the stall limit (1 KiB/s), so only the deadline ends it.
        let peer = try HostilePeer(name: "lisbon", certificate: certs.server) { _ in
            .stream(headers: ["Content-Type": "application/json"]) {
                let chunk = [UInt8](repeating: 0x20, count: 200)
                let until = Date().addingTimeInterval(8)   // bounded, so the server stops quickly
                return {
                    Thread.sleep(forTimeInterval: 0.1)
                    return Date() < until ? chunk : nil
                }
            }
        }
        let node = try node(trusting: peer)
        var options = pullOnly("lisbon")
        options.deadline = .seconds(3)
        let started = Date()
        let report = try XCTUnwrap(try node.runner().run(options, kind: "manual").first)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThanOrEqual(elapsed, 2.5)
        XCTAssertLessThan(elapsed, 30, "generous bound: cut off at the 3 s deadline")
        XCTAssertEqual(report.status, "failed")
        // On a loaded machine the trickle can dip under the stall limit and
        // cost one retry before the deadline; after it, none.
        XCTAssertLessThanOrEqual(report.attempts, 2, "past the deadline there is no retry")
        let error = try XCTUnwrap(report.error)
        XCTAssertTrue(error.contains("passed the 3 s deadline"), error)
        XCTAssertTrue(error.contains("--deadline"), error)
    }

    func testEmptyPagesWithHasMoreEndWithAClearErrorAndTheCheckpointUnchanged() throws {
        let peer = try HostilePeer(name: "lisbon", certificate: certs.server) { request in
            let since = UInt64(request.query("since") ?? "0") ?? 0
            return HostilePeer.json(ChangesPage(node: "lisbon", since: since, next: since + 1, hasMore: true, entries: []).encoded())
        }
        let node = try node(trusting: peer)
        var puller = Puller()
        puller.maxEmptyPages = 25
        let trust = try node.trustStore()
        let client = try node.client("lisbon")
        XCTAssertThrowsError(try puller.pull(from: client, into: node.store, selfName: node.name, trust: trust)) { error in
            let e = error as? PeerError
            XCTAssertEqual(e?.kind, .rejected, "\(error)")
            XCTAssertTrue("\(error)".contains("lisbon sent 25 empty pages in a row"), "\(error)")
            XCTAssertTrue("\(error)".contains("the checkpoint stays at 0"), "\(error)")
        }
        XCTAssertEqual(try node.store.peerState("lisbon").pulledSeq, 0, "the cursor must not move on empty pages' word")
    }

    func testAlteredBodyIsReportedAsADigestMismatch() throws {
        let peer = try HostilePeer(name: "lisbon", certificate: certs.server, alterAfterSigning: true) { request in
            let since = UInt64(request.query("since") ?? "0") ?? 0
            return HostilePeer.json(ChangesPage(node: "lisbon", since: since, hasMore: false, entries: []).encoded())
        }
        let node = try node(trusting: peer)
        XCTAssertThrowsError(try node.pull(from: "lisbon")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("does not match its Content-Digest"), text)
            XCTAssertTrue(text.contains("altered in transit or by a broken proxy"), text)
            XCTAssertFalse(text.contains("check the peer's URL and public key"), text)
        }
    }

    func testGarbageAnswerNamesThePeerAsTheCauseAndIsNotRetried() throws {
        let garbage = try GarbageServer(answer: Array("SSH-2.0-OpenSSH_9.2\r\n".utf8))
        defer { garbage.stop() }
        let node = try makeNode("birmingham", importing: false)
        try node.trust(name: "lisbon", publicKey: try Ed25519PrivateKey.generate().publicKey,
                       url: "http://127.0.0.1:\(garbage.port)", caFile: certs.caFile)
        let report = try XCTUnwrap(try node.runner().run(pullOnly("lisbon"), kind: "manual").first)
        XCTAssertEqual(report.attempts, 1, "a malformed answer would only be malformed again")
        let error = try XCTUnwrap(report.error)
        XCTAssertTrue(error.contains("lisbon sent a malformed answer to GET /v1/changes"), error)
        XCTAssertFalse(error.contains("invalid request"), "the fault is the peer's, not ours: \(error)")
    }

    func testCertificateFromAnotherCAIsAttemptedOnce() throws {
        let peer = try HostilePeer(name: "lisbon", certificate: certs.rogueServer) { _ in HostilePeer.json([]) }
        let node = try node(trusting: peer)
        let report = try XCTUnwrap(try node.runner().run(pullOnly("lisbon"), kind: "manual").first)
        XCTAssertEqual(report.status, "failed")
        XCTAssertEqual(report.attempts, 1, "a certificate that does not verify will not verify on retry")
        XCTAssertTrue(report.error?.contains("TLS verification failed") ?? false, "\(String(describing: report.error))")
    }

    func testSleepingBetweenAttemptsIsCappedWithinARun() throws {
        let refusing = try LoopbackListener(listening: false)
        defer { refusing.close() }
        let node = try makeNode("birmingham", importing: false)
        try node.trust(name: "lisbon", publicKey: try Ed25519PrivateKey.generate().publicKey,
                       url: "https://127.0.0.1:\(refusing.port)", caFile: certs.caFile)
        var options = pullOnly("lisbon")
        options.attempts = 10
        options.retryDelay = .seconds(5)          // uncapped: 5 + 10 + 20 + ... s
        options.maxRetrySleep = .seconds(1)
        let started = Date()
        let report = try XCTUnwrap(try node.runner().run(options, kind: "manual").first)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "generous bound: at most 1 s of sleeping")
        XCTAssertEqual(report.status, "failed")
        XCTAssertGreaterThanOrEqual(report.attempts, 2, "a refused connection is still retried")
        XCTAssertTrue(report.error?.contains("connection refused") ?? false, "\(String(describing: report.error))")
    }
}
