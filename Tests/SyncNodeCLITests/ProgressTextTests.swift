import XCTest
@testable import SyncNodeCLI

/// The progress lines' text, from counts, sequence numbers and time (the
/// lines themselves appear only on a terminal).
final class ProgressTextTests: XCTestCase {
    /// One transfer: who, what moved in how long, and where in the peer's log.
    struct Transfer {
        var peer = "singapore", direction = "pull"
        var received: Int, bytes: Int, seconds: Double
        var startSeq: UInt64 = 0, seq: UInt64 = 0, headSeq: UInt64? = nil
    }

    func testTransferLines() {
        let cases: [(Transfer, String, String)] = [
            (Transfer(received: 1100, bytes: 524_288, seconds: 4, startSeq: 1000, seq: 2100, headSeq: 5000),
             "pull singapore: 27% (seq 2100 of 5000), 1100 revisions, 512 KiB, 275 rev/s, ETA 11s",
             "from 1000 to 5000, 2100 is 27.5% of the way after 4 s: 10.5 s left"),
            (Transfer(received: 10, bytes: 0, seconds: 1, seq: 1, headSeq: 10_000),
             "pull singapore: 0% (seq 1 of 10000), 10 revisions, 0 KiB, 10 rev/s, ETA 2h46m", "a long way to go"),
            (Transfer(peer: "rotterdam", received: 50, bytes: 2048, seconds: 30, seq: 600, headSeq: 1000),
             "pull rotterdam: 60% (seq 600 of 1000), 50 revisions, 2 KiB, 1 rev/s, ETA 20s",
             "the share is of the seq range, not of revisions (own ones are skipped)"),
            (Transfer(received: 4000, bytes: 1_048_576, seconds: 8, startSeq: 1000, seq: 5000, headSeq: 5000),
             "pull singapore: 100% (seq 5000 of 5000), 4000 revisions, 1024 KiB, 500 rev/s", "the last page: no ETA"),
            (Transfer(received: 4100, bytes: 0, seconds: 8, startSeq: 1000, seq: 5100, headSeq: 5000),
             "pull singapore: 100% (seq 5000 of 5000), 4100 revisions, 0 KiB, 512 rev/s", "the log grew past the head: never over 100%"),
            (Transfer(peer: "new-york", direction: "push", received: 300, bytes: 10_240, seconds: 2),
             "push new-york: 300 revisions, 10 KiB, 150 rev/s", "no head: counts and rate only"),
            (Transfer(peer: "new-york", received: 0, bytes: 0, seconds: 0, startSeq: 70, seq: 70, headSeq: 70),
             "pull new-york: 0 revisions, 0 KiB, 0 rev/s", "a head no further than the start: nothing to measure"),
        ]
        for (t, expected, why) in cases {
            XCTAssertEqual(ProgressText.transfer(peer: t.peer, direction: t.direction, received: t.received, bytes: t.bytes,
                                                 seconds: t.seconds, startSeq: t.startSeq, seq: t.seq, headSeq: t.headSeq),
                           expected, why)
        }
    }

    func testAnImportShowsRecordsReadAndWrittenAndTheRate() {
        XCTAssertEqual(ProgressText.importing(read: 12_000, written: 0, seconds: 3), "import: 12000 records read, 0 written, 4000 rec/s")
        XCTAssertEqual(ProgressText.importing(read: 12_000, written: 9_000, seconds: 7), "import: 12000 records read, 9000 written, 3000 rec/s")
        XCTAssertEqual(ProgressText.importing(read: 5, written: 0, seconds: 0), "import: 5 records read, 0 written, 0 rec/s")
    }

    func testDurations() {
        XCTAssertEqual(ProgressText.duration(0.2), "1s")
        XCTAssertEqual(ProgressText.duration(59), "59s")
        XCTAssertEqual(ProgressText.duration(125), "2m05s")
        XCTAssertEqual(ProgressText.duration(3_720), "1h02m")
    }
}
