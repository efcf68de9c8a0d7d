import Foundation
import SyncCore
import SyncCrypto
import SyncNode
import SyncProtocol
import XCTest

/// Following a peer's key history: only a chain of rotations each signed by
/// the key before it, starting at the trusted key, leads to adoption.
final class PeerKeyAdoptionTests: XCTestCase {
    /// A rotation from `old` to `new` of node `node`, signed by `signer` (normally `old`).
    func rotation(_ node: String, from old: Ed25519PrivateKey, to new: Ed25519PrivateKey,
                  signer: Ed25519PrivateKey? = nil) throws -> KeyHistoryEntry {
        let bytes = KeyHistoryEntry.signingBytes(node: node, previousKey: old.publicKey.base64url, publicKey: new.publicKey.base64url)
        return KeyHistoryEntry(publicKey: new.publicKey.base64url, previousKey: old.publicKey.base64url,
                               signedByPrevious: Base64URL.encode(try (signer ?? old).sign(bytes)))
    }

    func testTwoRotationsAreFollowedAndTheOldKeysKept() throws {
        let (k0, k1, k2) = (try Ed25519PrivateKey.generate(), try Ed25519PrivateKey.generate(), try Ed25519PrivateKey.generate())
        let history = [try rotation("birmingham", from: k0, to: k1), try rotation("birmingham", from: k1, to: k2)]
        let adoption = try XCTUnwrap(PeerKeyAdoption.follow(peer: "birmingham", trusted: k0.publicKey,
                                                             current: k2.publicKey.base64url, history: history))
        XCTAssertEqual(adoption.newKey, k2.publicKey)
        XCTAssertEqual(adoption.retiredKeys, [k0.publicKey, k1.publicKey])
        let config = PeerConfig(name: "birmingham", url: "https://b.example", publicKey: k0.publicKey)
        let updated = adoption.applied(to: config)
        XCTAssertEqual(updated.publicKey, k2.publicKey)
        XCTAssertEqual(updated.previousKeys, [k0.publicKey, k1.publicKey])
        // From the middle of the chain too.
        XCTAssertEqual(PeerKeyAdoption.follow(peer: "birmingham", trusted: k1.publicKey, current: k2.publicKey.base64url,
                                              history: history)?.retiredKeys, [k1.publicKey])
    }

    func testForgedOrForeignRotationsAreNotFollowed() throws {
        let (k0, k1, attacker) = (try Ed25519PrivateKey.generate(), try Ed25519PrivateKey.generate(), try Ed25519PrivateKey.generate())
        let current = k1.publicKey.base64url
        // Signed by a key other than the trusted one.
        XCTAssertNil(PeerKeyAdoption.follow(peer: "birmingham", trusted: k0.publicKey, current: current,
                                            history: [try rotation("birmingham", from: k0, to: k1, signer: attacker)]))
        // Signed for another node name.
        XCTAssertNil(PeerKeyAdoption.follow(peer: "birmingham", trusted: k0.publicKey, current: current,
                                            history: [try rotation("singapore", from: k0, to: k1)]))
        // No history at all, or one that does not reach the current key.
        XCTAssertNil(PeerKeyAdoption.follow(peer: "birmingham", trusted: k0.publicKey, current: current, history: []))
        XCTAssertNil(PeerKeyAdoption.follow(peer: "birmingham", trusted: k0.publicKey, current: attacker.publicKey.base64url,
                                            history: [try rotation("birmingham", from: k0, to: k1)]))
    }

    func testNodeInfoCarriesKeyHistoryAndStaysCompatibleWithout() throws {
        let (k0, k1) = (try Ed25519PrivateKey.generate(), try Ed25519PrivateKey.generate())
        var info = NodeInfo(name: "birmingham", publicKey: k1.publicKey.base64url, keyID: k1.publicKey.keyID)
        guard case .object(let members) = info.json else { return XCTFail("NodeInfo is not an object") }
        XCTAssertNil(members["key_history"], "absent when never rotated")
        info.keyHistory = [try rotation("birmingham", from: k0, to: k1)]
        XCTAssertEqual(try NodeInfo.decode(info.encoded()), info)
        var bad = info
        bad.keyHistory[0].signedByPrevious = "AAAA"
        XCTAssertThrowsError(try NodeInfo.decode(bad.encoded())) { e in
            XCTAssertTrue("\(e)".contains("key_history[0].signed_by_previous"), "\(e)")
        }
    }
}
