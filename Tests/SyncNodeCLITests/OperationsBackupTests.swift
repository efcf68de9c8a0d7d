import Foundation
import TestSupport
import XCTest

/// `syncnode backup FILE` while the node serves: a consistent, checked copy
/// that a node restored from knows to be a backup.
final class OperationsBackupTests: OperationsTestCase {
    func testOnlineBackupRestoresAsARecognisedBackup() throws {
        let birmingham = try makeNode("birmingham", importing: Self.citiesPath + "/birmingham")
        _ = try serve(birmingham)
        let file = tmp.path("backups/store.sqlite")
        try FileManager.default.createDirectory(atPath: tmp.path("backups"), withIntermediateDirectories: true)

        let result = try jsonObject(["backup", file], home: birmingham.home)
        XCTAssertEqual(result["integrity"] as? String, "ok", "\(result)")
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(Self.int(result["bytes"]), (attributes[.size] as? NSNumber)?.intValue)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path("backups")), ["store.sqlite"], "one file")

        let quiet = try succeed(["backup", "--quiet", file + ".2"], home: birmingham.home)
        XCTAssertEqual(quiet.stdout, "", "for cron")
        let again = try atHome(["backup", file], home: birmingham.home)
        XCTAssertEqual(again.status, 73, "never overwritten: \(again)")

        // Restored into a fresh home beside the key: the node knows it is a backup.
        let restored = tmp.path("restored")
        try FileManager.default.createDirectory(atPath: restored + "/peers", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: file, toPath: restored + "/store.sqlite")
        try FileManager.default.copyItem(atPath: birmingham.home + "/node-key.pem", toPath: restored + "/node-key.pem")
        let status = try jsonObject(["status"], home: restored)
        XCTAssertEqual(status["restoring"] as? Bool, true, "\(status)")
        XCTAssertEqual(Self.int(status["documents"]), try documents(birmingham))
    }
}
