import SyncProtocol
import XCTest

/// A push driven batch by batch without a peer or a store.
final class PushMachineTests: XCTestCase {
    func testTheMarkMovesOnlyAfterThePeerAcknowledgedTheBatch() {
        var m = PushMachine(maxBatches: 100)
        XCTAssertEqual(m.handle(.started), .readBatch)
        XCTAssertEqual(m.handle(.batchRead(mark: 0, last: 500, count: 500)), .send(upTo: 500))
        XCTAssertEqual(m.handle(.acknowledged), .advanceMark(to: 500))
        XCTAssertEqual(m.handle(.markAdvanced(stopRequested: false)), .readBatch)
        XCTAssertEqual(m.handle(.batchRead(mark: 500, last: 730, count: 12)), .send(upTo: 730))
        XCTAssertEqual(m.handle(.acknowledged), .advanceMark(to: 730))
        XCTAssertEqual(m.handle(.markAdvanced(stopRequested: false)), .readBatch)
        XCTAssertEqual(m.handle(.batchRead(mark: 730, last: 730, count: 0)), .finish)
    }

    func testAWindowWithNothingForThePeerMovesTheMarkWithoutARequest() {
        var m = PushMachine(maxBatches: 100)
        _ = m.handle(.started)
        XCTAssertEqual(m.handle(.batchRead(mark: 0, last: 40, count: 0)), .advanceMark(to: 40))
    }

    func testAStopOrTheBatchBoundEndsThePush() {
        var stopped = PushMachine(maxBatches: 100)
        _ = stopped.handle(.started)
        _ = stopped.handle(.batchRead(mark: 0, last: 5, count: 5))
        _ = stopped.handle(.acknowledged)
        XCTAssertEqual(stopped.handle(.markAdvanced(stopRequested: true)), .finish)

        var bounded = PushMachine(maxBatches: 1)
        _ = bounded.handle(.started)
        _ = bounded.handle(.batchRead(mark: 0, last: 5, count: 5))
        _ = bounded.handle(.acknowledged)
        XCTAssertEqual(bounded.handle(.markAdvanced(stopRequested: false)), .finish)
    }
}
