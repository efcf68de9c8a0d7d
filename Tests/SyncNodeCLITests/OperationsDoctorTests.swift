import Foundation
import TestSupport
import XCTest

/// `syncnode doctor` finds what breaks a node in production and says what
/// to fix: a peer that is down, an expired certificate, a key others can read.
final class OperationsDoctorTests: OperationsTestCase {
    func findings(_ arguments: [String], in node: Node) throws -> (status: Int32, byCheck: [String: [String: Any]]) {
        let result = try atHome(["doctor", "--json"] + arguments, home: node.home)
        let array = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]], "\(result)")
        var byCheck: [String: [String: Any]] = [:]
        for f in array { if let check = f["check"] as? String { byCheck[check] = f } }
        return (result.status, byCheck)
    }

    func testDoctorNamesEachProblemAndItsFix() throws {
        let birmingham = try makeNode("birmingham")
        let singapore = try makeNode("singapore")
        let down = try makeNode("down-city")
        let (_, url) = try serve(singapore)
        try trust(singapore, at: url, in: birmingham)
        try trust(down, at: "https://127.0.0.1:1", in: birmingham)

        let (peersDown, first) = try findings(["--timeout", "5"], in: birmingham)
        XCTAssertEqual(peersDown, 69, "only a peer has a problem: \(first)")
        XCTAssertEqual(first["peer singapore"]?["level"] as? String, "ok", "\(first)")
        let healthy = first["peer singapore"]?["message"] as? String ?? ""
        XCTAssertTrue(healthy.contains("TLS verified, answers with the trusted key"), healthy)
        XCTAssertTrue(healthy.contains("clocks agree within"), healthy)
        XCTAssertEqual(first["peer down-city"]?["level"] as? String, "problem")
        XCTAssertTrue((first["peer down-city"]?["message"] as? String ?? "").contains("connection refused"))
        XCTAssertEqual(first["permissions"]?["level"] as? String, "ok")
        XCTAssertEqual(first["store"]?["level"] as? String, "ok")
        try succeed(["peer", "remove", "down-city"], home: birmingham.home)

        // Certificates: the test CA's current one is fine, an expired one is this node's problem.
        let current = try ca().serverCertificate()
        let expired = try ca().serverCertificate(validity: .expired)
        let (certs, second) = try findings(["--cert", current.certificatePath, "--cert", expired.certificatePath], in: birmingham)
        XCTAssertEqual(certs, 1, "\(second)")
        XCTAssertEqual(second["certificate \(current.certificatePath)"]?["level"] as? String, "ok", "\(second)")
        XCTAssertTrue((second["certificate \(current.certificatePath)"]?["message"] as? String ?? "").hasPrefix("valid until "))
        XCTAssertEqual(second["certificate \(expired.certificatePath)"]?["level"] as? String, "problem")
        XCTAssertTrue((second["certificate \(expired.certificatePath)"]?["message"] as? String ?? "").hasPrefix("expired at "))

        // A key others can read (mode bits: root is subject to them in what doctor reads).
        XCTAssertEqual(chmod(birmingham.home + "/node-key.pem", 0o644), 0)
        let (keyOpen, third) = try findings([], in: birmingham)
        XCTAssertEqual(keyOpen, 1, "\(third)")
        let permissions = third["permissions"]?["message"] as? String ?? ""
        XCTAssertTrue(permissions.contains("chmod 600 \(birmingham.home)/node-key.pem"), permissions)

        XCTAssertEqual(chmod(birmingham.home + "/node-key.pem", 0o600), 0)
        let fine = try atHome(["doctor"], home: birmingham.home)
        XCTAssertEqual(fine.status, 0, "\(fine)")
        XCTAssertTrue(fine.stdout.contains("OK      peer singapore: reachable at \(url)"), fine.stdout)
    }
}
