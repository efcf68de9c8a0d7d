import Foundation
import Subprocess
@testable import ThrowawayTLS
import XCTest

/// The one throwaway CA of the demo, the benchmark and the tests: what it
/// issues must verify against it with the `openssl` tool, as TLS peers will.
final class ThrowawayCATests: XCTestCase {
    func verify(_ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run("/usr/bin/env", ["openssl", "verify"] + arguments)
    }

    func testServerAndClientCertificatesVerifyForTheirPurpose() throws {
        let ca = try ThrowawayCA()
        let server = try ca.serverCertificate(hosts: ["127.0.0.1", "localhost"], commonName: "birmingham")
        XCTAssertEqual(server.commonName, "birmingham")
        let ok = try verify(["-CAfile", ca.caCertificatePath, "-purpose", "sslserver", "-verify_ip", "127.0.0.1",
                             server.certificatePath])
        XCTAssertEqual(ok.status, 0, "\(ok)")
        let client = try ca.clientCertificate(commonName: "singapore")
        XCTAssertEqual(try verify(["-CAfile", ca.caCertificatePath, "-purpose", "sslclient", client.certificatePath]).status, 0)
        let rogue = try ThrowawayCA(name: "rogue-ca")
        XCTAssertNotEqual(try verify(["-CAfile", rogue.caCertificatePath, server.certificatePath]).status, 0)
        XCTAssertTrue(try server.publicKeyPin().hasPrefix("sha256//"))
    }

    func testAnExpiredCertificateDoesNotVerify() throws {
        let ca = try ThrowawayCA()
        let expired = try ca.serverCertificate(validity: .expired)
        let result = try verify(["-CAfile", ca.caCertificatePath, expired.certificatePath])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("expired") || result.stderr.contains("expired"), "\(result)")
    }

    func testAChainVerifiesAgainstTheRootWithItsIntermediate() throws {
        let root = try ThrowawayCA()
        let chain = try ThrowawayCertificateChain(root: root)
        let result = try verify(["-CAfile", root.caCertificatePath, "-untrusted", chain.intermediatePath, chain.chainPath])
        XCTAssertEqual(result.status, 0, "\(result)")
        XCTAssertNotEqual(try verify(["-CAfile", root.caCertificatePath, chain.chainPath]).status, 0,
                          "the leaf alone needs its intermediate")
    }

    func testAGivenDirectoryKeepsItsFilesAfterTheCAIsGone() throws {
        let directory = NSTemporaryDirectory() + "throwaway-ca-\(UUID().uuidString)/tls"
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        var ca: ThrowawayCA? = try ThrowawayCA(name: "syncnode demo CA", directory: directory, caFile: "demo-ca.pem")
        XCTAssertEqual(ca?.caCertificatePath, directory + "/demo-ca.pem")
        let leaf = try XCTUnwrap(ca?.serverCertificate())
        ca = nil
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/demo-ca.pem"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: leaf.certificatePath))

        var temporary: ThrowawayCA? = try ThrowawayCA()
        let path = try XCTUnwrap(temporary?.directory)
        temporary = nil
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "a temporary CA's files go with it")
    }

    /// A test suite's shared CAs live in statics until the process exits,
    /// where nothing deinitializes them: `atexit` removes their directories
    /// (`CADirectory.removeLeftovers`), not left behind in /tmp by each run.
    /// Only this test's CA is removed here: other tests' shared CAs live in
    /// the same process.
    func testATemporaryCAStillAliveIsRemovedAtExit() throws {
        let kept = try ThrowawayCA(name: "kept-until-exit")
        let given = NSTemporaryDirectory() + "throwaway-ca-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: given) }
        let placed = try ThrowawayCA(name: "placed", directory: given)
        var released: ThrowawayCA? = try ThrowawayCA(name: "released")
        let releasedPath = try XCTUnwrap(released?.directory)
        XCTAssertTrue(CADirectory.isRemovedAtExit(kept.directory))
        XCTAssertFalse(CADirectory.isRemovedAtExit(placed.directory), "a given directory is the caller's")
        XCTAssertTrue(CADirectory.isRemovedAtExit(releasedPath))
        released = nil
        XCTAssertFalse(CADirectory.isRemovedAtExit(releasedPath), "a CA gone has already removed its directory")

        CADirectory.removeLeftovers(only: [kept.directory, placed.directory])
        XCTAssertFalse(FileManager.default.fileExists(atPath: kept.directory), "what exit does to a CA still alive")
        XCTAssertFalse(CADirectory.isRemovedAtExit(kept.directory))
        XCTAssertTrue(FileManager.default.fileExists(atPath: placed.caCertificatePath), "a given directory is left in place")
    }
}
