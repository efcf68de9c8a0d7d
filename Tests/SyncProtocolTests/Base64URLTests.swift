import XCTest
import SyncCore

final class Base64URLTests: XCTestCase {
    /// RFC 4648 section 10 vectors.
    func testRFC4648Vectors() {
        let vectors: [(String, String, String)] = [
            ("", "", ""), ("f", "Zg", "Zg=="), ("fo", "Zm8", "Zm8="), ("foo", "Zm9v", "Zm9v"),
            ("foob", "Zm9vYg", "Zm9vYg=="), ("fooba", "Zm9vYmE", "Zm9vYmE="), ("foobar", "Zm9vYmFy", "Zm9vYmFy"),
        ]
        for (plain, url, std) in vectors {
            XCTAssertEqual(Base64URL.encode(Array(plain.utf8)), url)
            XCTAssertEqual(Base64URL.encodeStandard(Array(plain.utf8)), std)
            XCTAssertEqual(Base64URL.decode(url), Array(plain.utf8))
            XCTAssertEqual(Base64URL.decodeStandard(std), Array(plain.utf8))
        }
    }

    func testAlphabetsDiffer() {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf]
        XCTAssertEqual(Base64URL.encode(bytes), "-_-_")
        XCTAssertEqual(Base64URL.encodeStandard(bytes), "+/+/")
        XCTAssertNil(Base64URL.decode("+/+/"))
        XCTAssertNil(Base64URL.decodeStandard("-_-_"))
    }

    func testStrictness() {
        XCTAssertNil(Base64URL.decode("Zg=="), "padding is not base64url-no-pad")
        XCTAssertNil(Base64URL.decode("Z"), "impossible length")
        XCTAssertNil(Base64URL.decode("Zh"), "non-zero trailing bits")
        XCTAssertNil(Base64URL.decode("Zm9v YmFy"))
        XCTAssertNil(Base64URL.decodeStandard("Zg="), "wrong padding")
        XCTAssertNil(Base64URL.decodeStandard("Zg"), "missing padding")
        XCTAssertNil(Base64URL.decodeStandard("Z==="))
        XCTAssertNil(Base64URL.decodeStandard("=Zg="))
    }

    func testRoundTripAllLengths() {
        for n in 0..<70 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            XCTAssertEqual(Base64URL.decode(Base64URL.encode(bytes)), bytes)
            XCTAssertEqual(Base64URL.decodeStandard(Base64URL.encodeStandard(bytes)), bytes)
        }
    }
}
