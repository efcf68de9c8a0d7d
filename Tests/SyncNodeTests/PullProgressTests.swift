import Foundation
import SyncCore
import SyncNode
import SyncProtocol
import XCTest

/// A pull knows the peer's head from its signed `/v1/node` answer, and each
/// progress report says how far into the peer's log it got: what the CLI's
/// progress line turns into a share and an ETA.
final class PullProgressTests: FederationTestCase {
    func testTheProgressReportsCarryTheSeqRangeAndThePeersHead() throws {
        let nodes = try makeFederation(["birmingham", "singapore"], importing: false)
        let (birmingham, singapore) = (nodes[0], nodes[1])
        try singapore.importCity()
        let head = UInt64(try singapore.store.headSeq())
        XCTAssertEqual(head, 6)

        let client = try birmingham.client("singapore")
        XCTAssertNil(client.peerHeadSeq, "not known before the peer said it")
        XCTAssertNil(try client.checkKey())
        XCTAssertEqual(client.peerHeadSeq, head)

        var puller = Puller()
        puller.pageLimit = 2
        var reports: [TransferReport] = []
        let last = try puller.pull(from: client, into: birmingham.store, selfName: "birmingham", trust: birmingham.trustStore(),
                                   progress: { reports.append($0) })
        XCTAssertEqual(reports.map(\.seq), [2, 4, 6])
        XCTAssertEqual(Set(reports.map(\.startSeq)), [0])
        XCTAssertEqual(Set(reports.map(\.peerHeadSeq)), [head])
        XCTAssertEqual(last.seq, head)
        XCTAssertNil(try birmingham.pull(from: "singapore").peerHeadSeq, "a pull without checkKey has no head to go by")
    }

    func testNodeInfoCarriesTheHeadOnlyWhenGiven() throws {
        var info = NodeInfo(name: "birmingham", publicKey: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                            keyID: "sha256:21fe31dfa154a261626bf854046fd227")
        XCTAssertFalse(String(decoding: info.encoded(), as: UTF8.self).contains("head_seq"))
        XCTAssertNil(try NodeInfo.decode(info.encoded()).headSeq)
        info.headSeq = 57
        XCTAssertTrue(String(decoding: info.encoded(), as: UTF8.self).contains(#""head_seq":57"#))
        XCTAssertEqual(try NodeInfo.decode(info.encoded()), info)
        XCTAssertThrowsError(try NodeInfo.decode(Array(String(decoding: info.encoded(), as: UTF8.self)
            .replacingOccurrences(of: #""head_seq":57"#, with: #""head_seq":-1"#).utf8)))
    }
}
