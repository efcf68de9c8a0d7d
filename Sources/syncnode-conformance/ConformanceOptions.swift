import Foundation

/// The command line of `syncnode-conformance`: which node to test and which
/// trusted identity to test it as.
struct ConformanceOptions {
    /// The node's public URL (`https://host:port`), exactly as its operator
    /// configured it: requests are signed for this URL (docs/protocol.md, section 9).
    var url = ""
    /// PEM CA bundle that verifies the node's TLS certificate.
    var caPath = ""
    /// The node name the tested node trusts this suite as (`keyid`).
    var name = ""
    /// PEM (PKCS#8) Ed25519 private key of `name`.
    var keyPath = ""
    /// The tested node's public key (base64url); learnt from `/v1/node` when absent.
    var serverKey: String?

    static let usage = """
        usage: syncnode-conformance --url URL --ca CA.pem --name NAME --key KEY.pem [--server-key BASE64URL]

        Black-box checks of a syncnode protocol v1 node (docs/protocol.md). The node
        must trust NAME with the public key of KEY.pem (reference node:
        `syncnode peer add NAME --url ... --public-key ...`). The suite pushes test
        documents in NAME's namespace: run it against a test node, not production.
        Prints one line per check; exits 1 if any check fails, 2 on a usage error.
        """

    /// Parses `arguments` (without the program name).
    /// - Throws: `ConformanceError.usage` naming the bad or missing option.
    static func parse(_ arguments: [String]) throws -> ConformanceOptions {
        var options = ConformanceOptions()
        var i = 0
        while i < arguments.count {
            let flag = arguments[i]
            if flag == "--help" || flag == "-h" { throw ConformanceError.usage("") }
            guard i + 1 < arguments.count else { throw ConformanceError.usage("\(flag) needs a value") }
            let value = arguments[i + 1]
            switch flag {
            case "--url": options.url = value.hasSuffix("/") ? String(value.dropLast()) : value
            case "--ca": options.caPath = value
            case "--name": options.name = value
            case "--key": options.keyPath = value
            case "--server-key": options.serverKey = value
            default: throw ConformanceError.usage("unknown option \(flag)")
            }
            i += 2
        }
        for (flag, value) in [("--url", options.url), ("--ca", options.caPath), ("--name", options.name), ("--key", options.keyPath)]
        where value.isEmpty {
            throw ConformanceError.usage("\(flag) is required")
        }
        return options
    }
}
