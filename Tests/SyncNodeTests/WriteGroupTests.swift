import Foundation
import Synchronization
@testable import SyncNode
import XCTest

/// Group commit (`WriteGroup`): writes submitted at once run together, and
/// each submitter gets its own result, whatever the others' were.
final class WriteGroupTests: XCTestCase {
    private struct Refused: Error, Equatable { let input: Int }

    /// A group that doubles its inputs, refuses `failing`, records each
    /// group it ran, and (while `holdFirst`) keeps the first group running
    /// until every other submitter is waiting.
    private final class Recorder: Sendable {
        let groups = Mutex<[[Int]]>([])
        let failing: Set<Int>
        let firstGroupMayEnd = DispatchSemaphore(value: 0)
        let holdFirst: Bool

        init(failing: Set<Int> = [], holdFirst: Bool = false) {
            self.failing = failing
            self.holdFirst = holdFirst
        }

        func run(_ inputs: [Int]) -> [Result<Int, any Error>] {
            let first = groups.withLock { g in
                g.append(inputs)
                return g.count == 1
            }
            if first && holdFirst { firstGroupMayEnd.wait() }
            return inputs.map { failing.contains($0) ? .failure(Refused(input: $0)) : .success($0 * 2) }
        }
    }

    /// Submits `inputs` from one thread each; each thread's result by input.
    private func submitAll(_ inputs: [Int], to group: WriteGroup<Int, Int>, whileFirstIsHeldBy recorder: Recorder? = nil)
        -> [Int: Result<Int, any Error>] {
        let results = Mutex<[Int: Result<Int, any Error>]>([:])
        let done = DispatchGroup()
        let first = inputs[0]
        func start(_ input: Int) {
            done.enter()
            Thread.detachNewThread {
                let result = Result { try group.submit(input) }
                results.withLock { $0[input] = result }
                done.leave()
            }
        }
        start(first)
        if let recorder {
            // The first group is running: the others queue up behind it.
            while recorder.groups.withLock({ $0.isEmpty }) { usleep(1000) }
        }
        for input in inputs.dropFirst() { start(input) }
        if let recorder {
            // Every other thread has reached `submit` and waits behind the first group.
            let until = Date().addingTimeInterval(30)
            while group.waitingCount < inputs.count - 1 && Date() < until { usleep(1000) }
            XCTAssertEqual(group.waitingCount, inputs.count - 1, "every other write queued behind the first group")
            recorder.firstGroupMayEnd.signal()
        }
        done.wait()
        return results.withLock { $0 }
    }

    func testALoneWriteRunsAloneAndGetsItsResult() throws {
        let recorder = Recorder()
        let group = WriteGroup<Int, Int> { recorder.run($0) }
        XCTAssertEqual(try group.submit(21), 42)
        XCTAssertEqual(try group.submit(5), 10)
        XCTAssertEqual(recorder.groups.withLock { $0 }, [[21], [5]])
    }

    func testWritesThatArriveDuringAGroupRunTogetherAndEachGetsItsOwnResult() throws {
        let recorder = Recorder(holdFirst: true)
        let group = WriteGroup<Int, Int> { recorder.run($0) }
        let inputs = Array(1...12)
        let results = submitAll(inputs, to: group, whileFirstIsHeldBy: recorder)
        for input in inputs { XCTAssertEqual(try results[input]?.get(), input * 2, "input \(input)") }
        let groups = recorder.groups.withLock { $0 }
        XCTAssertEqual(groups.first, [1], "the first write ran alone: nobody was waiting")
        XCTAssertEqual(groups.count, 2, "the 11 writes that waited ran as one group: \(groups)")
        XCTAssertEqual(groups.joined().sorted(), inputs, "every write ran exactly once")
    }

    func testAFailedWriteInAGroupFailsOnlyItself() throws {
        let recorder = Recorder(failing: [4, 9], holdFirst: true)
        let group = WriteGroup<Int, Int> { recorder.run($0) }
        let inputs = Array(1...10)
        let results = submitAll(inputs, to: group, whileFirstIsHeldBy: recorder)
        for input in inputs {
            switch results[input] {
            case .success(let v)?:
                XCTAssertFalse([4, 9].contains(input), "input \(input) should have failed")
                XCTAssertEqual(v, input * 2)
            case .failure(let e)?:
                XCTAssertEqual(e as? Refused, Refused(input: input), "input \(input) got another write's failure")
            case nil:
                XCTFail("input \(input) got no result")
            }
        }
        XCTAssertGreaterThan(recorder.groups.withLock { $0 }.map(\.count).max() ?? 0, 1, "no group held several writes")
    }

    func testAGroupHoldsAtMostMaxGroupWrites() throws {
        let recorder = Recorder(holdFirst: true)
        let group = WriteGroup<Int, Int>(maxGroup: 3) { recorder.run($0) }
        let inputs = Array(1...10)
        let results = submitAll(inputs, to: group, whileFirstIsHeldBy: recorder)
        for input in inputs { XCTAssertEqual(try results[input]?.get(), input * 2) }
        let groups = recorder.groups.withLock { $0 }
        XCTAssertTrue(groups.allSatisfy { $0.count <= 3 }, "\(groups)")
        XCTAssertEqual(groups.joined().sorted(), inputs)
    }

    func testManyThreadsAtOnceEachGetTheirOwnResult() throws {
        let group = WriteGroup<Int, Int> { inputs in
            usleep(500)
            return inputs.map { .success($0 * 2) }
        }
        let outcomes = Mutex<[Int: Int]>([:])
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            let v = try? group.submit(i)
            outcomes.withLock { $0[i] = v }
        }
        let all = outcomes.withLock { $0 }
        XCTAssertEqual(all.count, 200)
        for i in 0..<200 { XCTAssertEqual(all[i], i * 2, "input \(i)") }
    }
}
