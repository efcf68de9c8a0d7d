import SyncCore
import XCTest
import SyncCrypto

final class Ed25519Tests: XCTestCase {
    /// RFC 8032 section 7.1, TEST 1-3: secret key, public key, message, signature.
    static let rfc8032: [(seed: String, pub: String, msg: String, sig: String)] = [
        ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
         "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
         "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
        ("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
         "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
         "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    ]

    func hex(_ s: String) -> [UInt8] { Hex.decode(s)! }

    func testRFC8032Vectors() throws {
        for v in Self.rfc8032 {
            let key = try Ed25519PrivateKey(seed: hex(v.seed))
            XCTAssertEqual(Hex.encode(key.publicKey.raw), v.pub)
            let sig = try key.sign(hex(v.msg))
            XCTAssertEqual(Hex.encode(sig), v.sig)
            let pub = try Ed25519PublicKey(raw: hex(v.pub))
            XCTAssertTrue(pub.isValidSignature(hex(v.sig), for: hex(v.msg)))
        }
    }

    func testTamperedMessageAndSignatureAreRejected() throws {
        let v = Self.rfc8032[2]
        let pub = try Ed25519PublicKey(raw: hex(v.pub))
        let msg = hex(v.msg)
        let sig = hex(v.sig)
        XCTAssertTrue(pub.isValidSignature(sig, for: msg))
        XCTAssertFalse(pub.isValidSignature(sig, for: [0xaf, 0x83]))
        XCTAssertFalse(pub.isValidSignature(sig, for: msg + [0]))
        XCTAssertFalse(pub.isValidSignature(sig, for: []))
        for i in [0, 31, 32, 63] {
            var bad = sig
            bad[i] ^= 0x01
            XCTAssertFalse(pub.isValidSignature(bad, for: msg), "flipped bit in byte \(i) accepted")
        }
        XCTAssertFalse(pub.isValidSignature(Array(sig.prefix(63)), for: msg))
        XCTAssertFalse(pub.isValidSignature(sig + [0], for: msg))
        XCTAssertFalse(pub.isValidSignature([], for: msg))
        // Another key's signature of the same message.
        let other = try Ed25519PublicKey(raw: hex(Self.rfc8032[1].pub))
        XCTAssertFalse(other.isValidSignature(sig, for: msg))
    }

    /// The OpenSSL 3.0 EVP_MD_CTX reuse trap: valid signatures by many keys,
    /// verified interleaved, must all pass, and cross-key ones must all fail.
    func testVerificationWithTwelveKeysInterleaved() throws {
        let keys = try (0..<12).map { _ in try Ed25519PrivateKey.generate() }
        XCTAssertEqual(Set(keys.map(\.publicKey)).count, 12)
        var records: [(key: Int, msg: [UInt8], sig: [UInt8])] = []
        for i in 0..<600 {
            let k = (i * 7) % 12
            let msg = Array("record \(i) by key \(k)".utf8)
            records.append((k, msg, try keys[k].sign(msg)))
        }
        var accepted = 0
        var wronglyAccepted = 0
        for (i, r) in records.enumerated() {
            if keys[r.key].publicKey.isValidSignature(r.sig, for: r.msg) { accepted += 1 }
            let wrong = keys[(r.key + 1 + i % 11) % 12].publicKey
            if wrong.isValidSignature(r.sig, for: r.msg) { wronglyAccepted += 1 }
        }
        XCTAssertEqual(accepted, records.count)
        XCTAssertEqual(wronglyAccepted, 0)
    }

    /// Copies of a key share one OpenSSL key, made by whichever thread
    /// verifies first (`PublicKeyHandle`): many threads at once, valid
    /// signatures and tampered ones (every third), must each get their own
    /// right answer.
    func testConcurrentVerification() throws {
        let keys = try (0..<4).map { _ in try Ed25519PrivateKey.generate() }
        let publicKeys = try keys.map { try Ed25519PublicKey(raw: $0.publicKey.raw) }   // handles not used yet
        let items = try (0..<300).map { i -> (Ed25519PublicKey, [UInt8], [UInt8]) in
            let m = Array("m\(i)".utf8)
            var sig = try keys[i % 4].sign(m)
            if i % 3 == 0 { sig[i % 64] ^= 0x20 }
            return (publicKeys[i % 4], m, sig)
        }
        let results = UnsafeMutableBufferPointer<Bool>.allocate(capacity: items.count)
        defer { results.deallocate() }
        results.initialize(repeating: false)
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            out[i] = items[i].0.isValidSignature(items[i].2, for: items[i].1)
        }
        XCTAssertEqual(Array(results), (0..<items.count).map { $0 % 3 != 0 })
    }

    func testPEMRoundTrip() throws {
        let key = try Ed25519PrivateKey(seed: hex(Self.rfc8032[0].seed))
        let pem = try key.pemPKCS8()
        // The PKCS#8 DER of an Ed25519 key is a fixed 16-byte prefix then the seed.
        XCTAssertEqual(pem, """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
            -----END PRIVATE KEY-----

            """)
        let back = try Ed25519PrivateKey(pem: pem)
        XCTAssertEqual(back.publicKey, key.publicKey)
        XCTAssertEqual(back.seedBytes, key.seedBytes)

        let fresh = try Ed25519PrivateKey.generate()
        let again = try Ed25519PrivateKey(pem: fresh.pemPKCS8())
        XCTAssertEqual(again.publicKey, fresh.publicKey)
        XCTAssertEqual(try again.sign([1, 2, 3]), try fresh.sign([1, 2, 3]))
    }

    func testBadPEMIsRejectedWithCode() throws {
        XCTAssertThrowsError(try Ed25519PrivateKey(pem: "")) { e in
            XCTAssertEqual((e as? CryptoError)?.code, .invalidPEM)
        }
        XCTAssertThrowsError(try Ed25519PrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")) { e in
            XCTAssertEqual((e as? CryptoError)?.code, .invalidPEM)
            XCTAssertEqual((e as? CryptoError)?.function, "PEM_read_bio_PrivateKey")
        }
        // An X25519 key is readable PKCS#8 but the wrong algorithm.
        let x25519 = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VuBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
            -----END PRIVATE KEY-----

            """
        XCTAssertThrowsError(try Ed25519PrivateKey(pem: x25519)) { e in
            XCTAssertEqual((e as? CryptoError)?.code, .wrongKeyType)
        }
    }

    func testKeyLengthsAndBase64url() throws {
        XCTAssertThrowsError(try Ed25519PrivateKey(seed: [UInt8](repeating: 1, count: 31))) { e in
            XCTAssertEqual((e as? CryptoError)?.code, .invalidKeyLength)
            XCTAssertEqual("\(e)", "crypto error (invalid key length): an Ed25519 seed is 32 bytes, got 31")
        }
        XCTAssertThrowsError(try Ed25519PublicKey(raw: [UInt8](repeating: 1, count: 33))) { e in
            XCTAssertEqual((e as? CryptoError)?.code, .invalidKeyLength)
        }
        let pub = try Ed25519PublicKey(raw: hex(Self.rfc8032[0].pub))
        XCTAssertEqual(pub.base64url, "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
        XCTAssertEqual(try Ed25519PublicKey(base64url: pub.base64url), pub)
        XCTAssertThrowsError(try Ed25519PublicKey(base64url: "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo")) { e in
            XCTAssertEqual((e as? CryptoError)?.code, .invalidEncoding)
        }
        XCTAssertThrowsError(try Ed25519PublicKey(base64url: "AAAA")) { e in
            XCTAssertEqual((e as? CryptoError)?.code, .invalidKeyLength)
        }
        // keyID: "sha256:" + first 16 bytes of SHA-256(raw), hex.
        XCTAssertEqual(pub.keyID, "sha256:" + String(SHA256.hexDigest(pub.raw).prefix(32)))
        XCTAssertEqual(pub.keyID.count, 39)
    }

    func testGeneratedKeysDiffer() throws {
        let a = try Ed25519PrivateKey.generate()
        let b = try Ed25519PrivateKey.generate()
        XCTAssertNotEqual(a.publicKey, b.publicKey)
        XCTAssertFalse("\(a)".contains(Hex.encode(a.seedBytes)))
    }
}
