import Foundation
@testable import SyncCrypto
import SyncCore
import XCTest

/// The node key's PEM is read without OpenSSL's decoders when it has the
/// usual form; these pin down that the short way reads exactly what
/// OpenSSL reads, and declines everything else (which OpenSSL then reads
/// or refuses as before).
final class Ed25519PKCS8Tests: XCTestCase {
    private func pem(_ der: [UInt8], lineEnd: String = "\n") -> String {
        ["-----BEGIN PRIVATE KEY-----", Base64URL.encodeStandard(der), "-----END PRIVATE KEY-----", ""]
            .joined(separator: lineEnd)
    }

    func testUsualFormIsReadWithoutTheDecoderToOpenSSLsSeed() throws {
        for _ in 0..<20 {
            let key = try Ed25519PrivateKey.generate()
            let text = try key.pemPKCS8()
            let short = try XCTUnwrap(Ed25519PKCS8.seed(fromPEM: text), "the usual form must take the short way")
            XCTAssertEqual(short, key.seedBytes)
            XCTAssertEqual(try OpenSSL.seedThroughDecoder(fromPEM: text), short)
            // CRLF line ends and blank lines around the block, as an editor may leave them.
            let crlf = "\r\n" + text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
            XCTAssertEqual(Ed25519PKCS8.seed(fromPEM: crlf), short)
            XCTAssertEqual(try OpenSSL.seedThroughDecoder(fromPEM: crlf), short)
        }
    }

    func testOtherFormsAreLeftToOpenSSL() throws {
        let seed = [UInt8](repeating: 7, count: 32)
        let usual = Ed25519PKCS8.prefix + seed
        XCTAssertEqual(Ed25519PKCS8.seed(fromPEM: pem(usual)), seed)

        // The same key with an (empty) attributes set: valid PKCS#8, but not the short way's.
        let withAttributes = pem([0x30, 0x30] + usual.dropFirst(2) + [0xA0, 0x00])
        XCTAssertNil(Ed25519PKCS8.seed(fromPEM: withAttributes))
        XCTAssertEqual(try Ed25519PrivateKey(pem: withAttributes).seedBytes, seed, "OpenSSL reads it")

        // One byte of the prefix changed (X25519's OID), a byte too many or too few.
        var x25519 = usual
        x25519[11] = 0x6E
        XCTAssertNil(Ed25519PKCS8.seed(fromPEM: pem(x25519)))
        XCTAssertThrowsError(try Ed25519PrivateKey(pem: pem(x25519))) { e in
            XCTAssertEqual((e as? CryptoError)?.code, .wrongKeyType)
        }
        XCTAssertNil(Ed25519PKCS8.seed(fromPEM: pem(usual + [0])))
        XCTAssertNil(Ed25519PKCS8.seed(fromPEM: pem(Array(usual.dropLast()))))

        // Anything around or inside the block: text before it, a second
        // block, a header line, a space in the base64, another label.
        let text = pem(usual)
        XCTAssertNil(Ed25519PKCS8.seed(fromPEM: "a comment\n" + text))
        XCTAssertNil(Ed25519PKCS8.seed(fromPEM: text + text))
        XCTAssertNil(Ed25519PKCS8.seed(fromPEM: text.replacingOccurrences(of: "KEY-----\n", with: "KEY-----\nProc-Type: 4,ENCRYPTED\n")))
        XCTAssertNil(Ed25519PKCS8.seed(fromPEM: text.replacingOccurrences(of: "MC4", with: "MC 4")))
        XCTAssertNil(Ed25519PKCS8.seed(fromPEM: text.replacingOccurrences(of: "PRIVATE KEY", with: "ENCRYPTED PRIVATE KEY")))
        // Whatever it declines still reads through OpenSSL when OpenSSL can.
        XCTAssertEqual(try Ed25519PrivateKey(pem: "a comment\n" + text).seedBytes, seed)
    }
}
