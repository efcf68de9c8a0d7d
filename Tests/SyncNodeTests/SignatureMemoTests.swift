import Synchronization
import SyncCrypto
@testable import SyncNode
import XCTest

/// Response signatures reused for an equal signature base (`SignatureMemo`)
/// are the very bytes signing again gives (Ed25519 is deterministic).
final class SignatureMemoTests: XCTestCase {
    func testAnEqualBaseIsSignedOnceAndGetsTheSignatureSigningAgainWouldGive() throws {
        let key = try Ed25519PrivateKey.generate()
        let memo = SignatureMemo()
        let signings = Atomic<Int>(0)
        func sign(_ base: [UInt8]) throws -> [UInt8] {
            signings.add(1, ordering: .relaxed)
            return try key.sign(base)
        }
        let base = Array("\"@status\": 200\n\"@signature-params\": (\"@status\");created=1767225600".utf8)
        let first = try memo.signature(of: base, sign: sign)
        let second = try memo.signature(of: base, sign: sign)
        XCTAssertEqual(signings.load(ordering: .relaxed), 1)
        XCTAssertEqual(first, second)
        XCTAssertEqual(first, try key.sign(base), "deterministic: the kept signature is the one signing again makes")
        XCTAssertTrue(key.publicKey.isValidSignature(second, for: base))

        let other = base + [0x31]
        XCTAssertEqual(try memo.signature(of: other, sign: sign), try key.sign(other))
        XCTAssertEqual(signings.load(ordering: .relaxed), 2, "another base is signed for itself")
    }

    func testTheMemoStaysWithinItsCapacity() throws {
        let key = try Ed25519PrivateKey.generate()
        let memo = SignatureMemo(capacity: 4)
        for i in 0..<10 {
            let base = Array("base \(i)".utf8)
            XCTAssertEqual(try memo.signature(of: base) { try key.sign($0) }, try key.sign(base))
        }
        let signings = Atomic<Int>(0)
        _ = try memo.signature(of: Array("base 0".utf8)) { signings.add(1, ordering: .relaxed); return try key.sign($0) }
        XCTAssertEqual(signings.load(ordering: .relaxed), 1, "an old base was dropped, not kept beyond the capacity")
    }
}
