import Foundation
import TestSupport
import XCTest

/// Start-up time is mostly dynamic linking: libcurl alone brings about 30
/// libraries, libmicrohttpd and GnuTLS ten more, and OpenSSL's libcrypto
/// takes half a millisecond to load. They are loaded when a command first
/// needs them (the shim.h of CCurl, CMicroHTTPD and COpenSSL), so that
/// local reads start like the sqlite3 CLI. (`serve` loading its libraries
/// is proven by every test that starts one, libcrypto by every signature.)
final class StartupLibraryTests: CLITestCase {
    /// The shared libraries the dynamic loader initialised for `arguments`.
    private func librariesLoaded(_ arguments: [String]) throws -> (status: Int32, libraries: Set<String>) {
        let result = try syncnode(arguments, environment: ["LD_DEBUG": "libs"])
        let names = result.stderr.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "calling init: ") else { return nil }
            return String(line[range.upperBound...].split(separator: "/").last ?? "")
        }
        return (result.status, Set(names))
    }

    func testLocalReadsLoadNoNetworkOrCryptoLibrary() throws {
        try initHome()
        for command in [["--version"], ["stats", "--home", home], ["list", "--home", home], ["search", "harbour", "--home", home]] {
            let (status, libraries) = try librariesLoaded(command)
            XCTAssertEqual(status, 0, "\(command)")
            XCTAssertTrue(libraries.contains { $0.hasPrefix("libsqlite3.so") }, "the check sees the loader: \(libraries.sorted())")
            for network in ["libcurl.so", "libmicrohttpd.so", "libgnutls.so", "libcrypto.so"] {
                XCTAssertFalse(libraries.contains { $0.hasPrefix(network) }, "\(command) loaded \(network): \(libraries.sorted())")
            }
        }
    }

    func testAPullLoadsLibcurlWhenItMakesItsFirstRequest() throws {
        try initHome()
        let key = try XCTUnwrap(try jsonObject(["whoami"])["public_key"] as? String)
        try succeed(["peer", "add", "nowhere", "--url", "https://127.0.0.1:9", "--public-key", key])
        let (status, libraries) = try librariesLoaded(["pull", "nowhere", "--attempts", "1", "--home", home])
        XCTAssertEqual(status, 69, "the peer is down")
        XCTAssertTrue(libraries.contains { $0.hasPrefix("libcurl.so") }, "\(libraries.sorted())")
    }
}
