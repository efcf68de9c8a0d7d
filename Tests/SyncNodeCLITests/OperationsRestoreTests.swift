import Foundation
import TestSupport
import XCTest

/// The restore procedure of docs/operations.md, step by step: an online
/// backup taken while `serve` runs, writes after it that only the peer keeps,
/// the disk "fails", the backup goes back, `rejoin`, `sync`. The node must get
/// its lost write back and never reuse a write counter, and the peer must
/// pull its next write even though its cursor had passed the restored log.
final class OperationsRestoreTests: OperationsTestCase {
    /// SQLite's online backup API (what `sqlite3 store.sqlite ".backup FILE"` does).
    static let onlineBackup = #"""
    import sqlite3, sys
    source = sqlite3.connect(sys.argv[1])
    target = sqlite3.connect(sys.argv[2])
    source.backup(target)
    target.close()
    source.close()
    """#

    func testARestoredNodeRejoinsWithoutReusingWriteCounters() throws {
        try PythonEnv.require(modules: ["sqlite3"], pipPackages: [])
        let birmingham = try makeNode("birmingham", importing: Self.citiesPath + "/birmingham")
        let singapore = try makeNode("singapore", importing: Self.citiesPath + "/singapore")
        var (birminghamServer, birminghamURL) = try serve(birmingham)
        let (_, singaporeURL) = try serve(singapore)
        try trust(birmingham, at: birminghamURL, in: singapore)
        try trust(singapore, at: singaporeURL, in: birmingham)
        XCTAssertEqual(try jsonObject(["sync"], home: birmingham.home)["ok"] as? Bool, true)
        XCTAssertEqual(try jsonObject(["sync"], home: singapore.home)["ok"] as? Bool, true)

        // Last night's backup, taken while the server runs.
        let backup = tmp.path("birmingham-backup.sqlite")
        let copied = try PythonEnv.run(script: Self.onlineBackup, arguments: [birmingham.home + "/store.sqlite", backup], stdin: [])
        XCTAssertEqual(copied.status, 0, copied.stderr)

        // A write after the backup reaches Singapore, whose cursor moves past it.
        let ids = try jsonArray(["list", "--limit", "100"], home: birmingham.home).compactMap { $0["id"] as? String }
            .filter { $0.hasPrefix("birmingham.") }
        XCTAssertEqual(ids.count, 5, "Birmingham's own documents")
        let (lostID, laterID) = (ids[0], ids[1])
        let categoryAtBackup = try XCTUnwrap(try jsonObject(["show", lostID], home: birmingham.home)["category"] as? String)
        try succeed(["edit", lostID, "--set", "category=Lost edit"], home: birmingham.home)
        XCTAssertEqual(try jsonObject(["show", lostID], home: birmingham.home)["revision"] as? String, "birmingham:6")
        XCTAssertEqual(try jsonObject(["sync"], home: birmingham.home)["ok"] as? Bool, true)
        XCTAssertEqual(try jsonObject(["sync"], home: singapore.home)["ok"] as? Bool, true)
        let cursor = try XCTUnwrap(Self.int(try peerStatus(singapore)["birmingham"]?["pulled_seq"]))

        // The disk fails: stop, put the backup back (without the old -wal and -shm).
        XCTAssertEqual(birminghamServer.stop(), 0)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: birmingham.home + "/store.sqlite" + suffix) }
        try FileManager.default.copyItem(atPath: backup, toPath: birmingham.home + "/store.sqlite")
        XCTAssertEqual(try jsonObject(["show", lostID], home: birmingham.home)["category"] as? String, categoryAtBackup,
                       "the restored store has forgotten the edit")

        // Opening the store read-write notices the restore by itself (the
        // home's write mark knows more writes); `rejoin` out of habit then
        // changes nothing more.
        let rejoin = try atHome(["rejoin", "--json"], home: birmingham.home)
        XCTAssertEqual(rejoin.status, 0, "\(rejoin)")
        XCTAssertTrue(rejoin.stderr.contains("restored from a backup"), rejoin.stderr)
        let rejoined = try XCTUnwrap(try JSONSerialization.jsonObject(with: rejoin.stdoutData) as? [String: Any])
        XCTAssertEqual(rejoined["actor"] as? String, "birmingham~2")

        // Sync before anything else: the lost edit comes back from Singapore.
        let synced = try jsonObject(["sync"], home: birmingham.home)
        let report = try XCTUnwrap(Self.peerReports(synced)["singapore"], "\(synced)")
        XCTAssertEqual(report["status"] as? String, "ok", "\(report)")
        XCTAssertEqual(Self.int((report["pull"] as? [String: Any])?["applied"]), 1, "its own lost revision")
        let restored = try jsonObject(["show", lostID], home: birmingham.home)
        XCTAssertEqual(restored["category"] as? String, "Lost edit")
        XCTAssertEqual(restored["revision"] as? String, "birmingham:6")
        XCTAssertEqual(try jsonObject(["status"], home: birmingham.home)["actor"] as? String, "birmingham~2")

        // The next edit writes as the new epoch, and Singapore pulls it even
        // though its cursor had passed everything the restored log held.
        try succeed(["edit", laterID, "--set", "category=Written after the restore"], home: birmingham.home)
        XCTAssertEqual(try jsonObject(["show", laterID], home: birmingham.home)["revision"] as? String, "birmingham~2:1")
        (birminghamServer, birminghamURL) = try serve(birmingham)
        try succeed(["peer", "add", "birmingham", "--replace", "--url", birminghamURL, "--public-key", birmingham.publicKey,
                     "--ca", try ca().caCertificatePath], home: singapore.home)
        let pulled = try jsonObject(["pull", "birmingham"], home: singapore.home)
        let pull = try XCTUnwrap(Self.peerReports(pulled)["birmingham"]?["pull"] as? [String: Any], "\(pulled)")
        XCTAssertEqual(Self.int(pull["applied"]), 1)
        XCTAssertEqual(Self.int(pull["rejected"]), 0)
        XCTAssertGreaterThan(try XCTUnwrap(Self.int(try peerStatus(singapore)["birmingham"]?["pulled_seq"])), cursor)
        let there = try jsonObject(["show", laterID], home: singapore.home)
        XCTAssertEqual(there["category"] as? String, "Written after the restore")
        XCTAssertEqual(there["revision"] as? String, "birmingham~2:1")
        XCTAssertEqual(try jsonObject(["show", lostID], home: singapore.home)["revision"] as? String, "birmingham:6",
                       "no second, different birmingham:6")
    }
}
