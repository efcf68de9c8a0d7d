import Dispatch
import SyncCore
@testable import SyncNode
import XCTest

/// A page's signature checks are shared among threads (the thread that
/// fetched it, and the puller's when it would otherwise wait): whoever
/// took a revision, every verdict is in place once `waitUntilChecked`
/// returns.
final class SignatureCheckTests: FederationTestCase {
    func testVerdictsFromSeveralThreadsAreCompleteAfterWaitUntilChecked() throws {
        let singapore = try makeNode("singapore")
        let birmingham = try makeNode("birmingham", importing: false)
        try birmingham.trust(singapore, url: "https://127.0.0.1:1", caFile: certs.caFile)
        let genuine = try singapore.ownRevisions()
        // Many copies, every seventh altered after signing.
        var revisions: [SignedRevision] = []
        for i in 0..<(genuine.count * 40) {
            let r = genuine[i % genuine.count]
            revisions.append(i % 7 == 3 ? Forgery.altered(r) : r)
        }
        let check = SignatureCheck(revisions, trust: try birmingham.trustStore())
        let helpers = DispatchGroup()
        for _ in 0..<3 {
            DispatchQueue.global().async(group: helpers) { check.work() }
        }
        check.work()
        check.waitUntilChecked()
        let verdicts = check.verdicts
        XCTAssertEqual(verdicts.count, revisions.count)
        for (i, v) in verdicts.enumerated() {
            XCTAssertEqual(v, i % 7 == 3 ? .badSignature : .valid, "revision \(i)")
        }
        XCTAssertEqual(helpers.wait(timeout: .now() + 30), .success)
        check.waitUntilChecked()   // a second wait returns at once
    }
}
