import Foundation
import Subprocess
import TestSupport
import ThrowawayTLS
import XCTest

/// A real TLS scanner from Debian (`sslscan`, installed by .ci/setup) and
/// `openssl s_client` against a real `syncnode serve`: TLS 1.3 only, only
/// AEAD suites without CCM, only elliptic-curve groups, and the certificate
/// chain (leaf + intermediate) served whole. Missing tools fail the test: a
/// silent skip would let CI pass without ever scanning.
final class TLSScanTests: OperationsTestCase {
    /// The suites a TLS 1.3 server may accept; CCM and CCM_8 are out on purpose.
    static let allowedSuites: Set<String> = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                                             "TLS_CHACHA20_POLY1305_SHA256"]
    /// Key exchange groups we accept: elliptic curves only (no finite-field DH).
    static let allowedGroups = ["secp256r1", "secp384r1", "secp521r1", "x25519", "x448"]

    func testScannerSeesTLS13OnlyStrongSuitesAndGroupsAndTheWholeChain() throws {
        let sslscan = try Self.tool("sslscan")
        let openssl = try Self.tool("openssl")
        let node = try makeNode("scanned")
        let chain = try ThrowawayCertificateChain(root: try ca())
        let (_, url) = try serveChain(node, chain)
        let target = String(url.dropFirst("https://".count))

        let scan = try ProcessRunner.run(sslscan, ["--no-colour", target], timeout: 120)
        XCTAssertEqual(scan.status, 0, "sslscan: \(scan)")
        let report = scan.stdout
        let lines = report.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }

        // Protocols: only TLSv1.3 enabled.
        for version in ["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2"] {
            XCTAssertTrue(lines.contains { $0.hasPrefix(version + " ") && $0.hasSuffix("disabled") },
                          "\(version) must be reported disabled:\n\(report)")
        }
        XCTAssertTrue(lines.contains { $0.hasPrefix("TLSv1.3 ") && $0.hasSuffix("enabled") },
                      "TLSv1.3 must be enabled:\n\(report)")

        // Suites: every accepted one is TLS 1.3 AEAD without CCM.
        let accepted = lines.filter { $0.hasPrefix("Accepted") || $0.hasPrefix("Preferred") }
        XCTAssertFalse(accepted.isEmpty, "sslscan listed no accepted cipher suite:\n\(report)")
        for line in accepted {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            XCTAssertEqual(fields.dropFirst().first, "TLSv1.3", line)
            let suite = fields.first { $0.hasPrefix("TLS_") } ?? ""
            XCTAssertTrue(Self.allowedSuites.contains(suite), "weak or unexpected suite: \(line)")
            for weak in ["CBC", "CCM", "NULL", "EXPORT", "RC4", "DES", "MD5"] {
                XCTAssertFalse(line.uppercased().contains(weak), "weak suite (\(weak)): \(line)")
            }
        }

        // Groups: elliptic curves only; no finite-field DH of any size.
        let groups = Self.section(after: "Server Key Exchange Group(s):", in: lines)
        XCTAssertFalse(groups.isEmpty, "sslscan listed no key exchange group:\n\(report)")
        for line in groups {
            XCTAssertFalse(line.lowercased().contains("ffdhe"), "finite-field DH group offered: \(line)")
            XCTAssertTrue(Self.allowedGroups.contains { line.contains($0) }, "unexpected group: \(line)")
        }
        XCTAssertFalse(lines.contains { $0.contains("vulnerable to heartbleed") && !$0.contains("not vulnerable") },
                       "heartbleed:\n\(report)")

        // What sslscan may not try on its own: each handshake must fail,
        // while the same probe with a good suite and group succeeds (so a
        // failure means a refusal, not a broken probe).
        let control = try ProcessRunner.run(openssl, ["s_client", "-connect", target, "-tls1_3", "-groups", "X25519",
                                                      "-ciphersuites", "TLS_AES_256_GCM_SHA384"], stdin: Data(), timeout: 30)
        XCTAssertEqual(control.status, 0, "a TLS 1.3 X25519 AES-256-GCM handshake failed: \(control)")
        let refused: [(String, [String])] = [
            ("TLS 1.2", ["-tls1_2"]),
            ("CCM_8", ["-tls1_3", "-ciphersuites", "TLS_AES_128_CCM_8_SHA256"]),
            ("CCM", ["-tls1_3", "-ciphersuites", "TLS_AES_128_CCM_SHA256"]),
            ("ffdhe2048", ["-tls1_3", "-groups", "ffdhe2048"]),
            ("ffdhe4096", ["-tls1_3", "-groups", "ffdhe4096"]),
        ]
        for (what, options) in refused {
            let probe = try ProcessRunner.run(openssl, ["s_client", "-connect", target] + options,
                                              stdin: Data(), timeout: 30)
            XCTAssertFalse(probe.timedOut, "openssl s_client \(what) timed out")
            XCTAssertNotEqual(probe.status, 0, "a \(what) handshake succeeded: \(probe)")
        }

        // The chain: a client that trusts only the root verifies the leaf,
        // because the server sends the intermediate too.
        let shown = try ProcessRunner.run(openssl, ["s_client", "-connect", target, "-showcerts",
                                                    "-CAfile", try ca().caCertificatePath, "-verify_ip", "127.0.0.1",
                                                    "-verify_return_error"], stdin: Data(), timeout: 30)
        XCTAssertEqual(shown.status, 0, "openssl s_client -showcerts: \(shown)")
        let certificates = shown.stdout.split(separator: "\n").filter { $0.range(of: #"^ *\d+ s:"#, options: .regularExpression) != nil }
        XCTAssertEqual(certificates.count, 2, "leaf and intermediate expected:\n\(shown.stdout)")
        XCTAssertTrue(certificates.first?.contains("CN = \(chain.leafName)") ?? false, "\(certificates)")
        XCTAssertTrue(certificates.last?.contains("CN = \(chain.intermediateName)") ?? false, "\(certificates)")
        XCTAssertEqual(shown.stdout.components(separatedBy: "-----BEGIN CERTIFICATE-----").count - 1, 2, shown.stdout)
        XCTAssertTrue(shown.stdout.contains("Verify return code: 0 (ok)"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("TLSv1.3"), shown.stdout)
    }

    /// `serve` with the chain file (leaf + intermediate) as its certificate.
    private func serveChain(_ node: Node, _ chain: ThrowawayCertificateChain) throws -> (child: OperationsChild, url: String) {
        let child = try start(["serve", "--home", node.home, "--listen", "127.0.0.1:0",
                               "--cert", chain.chainPath, "--key", chain.keyPath], stderr: "\(node.name)-serve.log")
        guard let first = child.firstLine(within: 20), first.hasPrefix("listening on "),
              let url = first.dropFirst("listening on ".count).split(separator: " ").first else {
            XCTFail("serve did not report its URL: stdout \(child.stdout), log \(child.stderr)")
            throw OperationsChild.ChildError(message: "serve did not start")
        }
        return (child, String(url))
    }

    /// The lines after `header` up to the next blank line or section header.
    private static func section(after header: String, in lines: [String]) -> [String] {
        guard let start = lines.firstIndex(of: header) else { return [] }
        var found: [String] = []
        for line in lines[(start + 1)...] {
            if line.isEmpty || line.hasSuffix(":") { break }
            found.append(line)
        }
        return found
    }

    /// The absolute path of a Debian tool, or a failure that says how to get it.
    private static func tool(_ name: String) throws -> String {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        XCTFail("\(name) is not installed: run `bash .ci/setup` (or `apt-get install \(name)`); this test scans the server with it")
        throw OperationsChild.ChildError(message: "\(name) missing")
    }
}
