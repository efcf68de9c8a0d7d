import Foundation
import XCTest

/// `syncnode init`, `whoami`, and how every command finds its home.
final class InitCommandTests: CLITestCase {
    /// `name: value` lines of plain output.
    private func fields(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            out[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return out
    }

    private func isBase64URLKey(_ s: String) -> Bool {
        s.count == 43 && s.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }

    private func isKeyID(_ s: String) -> Bool {
        s.hasPrefix("sha256:") && s.dropFirst(7).count == 32
            && s.dropFirst(7).unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    func testInitCreatesTheHomeWithAPrivateKeyOnlyTheOwnerCanRead() throws {
        let result = try succeed(["init", "--name", "testville"])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "Created node 'testville' in \(home)")
        let printed = fields(result.stdout)
        let key = try XCTUnwrap(printed["public key"])
        XCTAssertTrue(isBase64URLKey(key), key)
        XCTAssertTrue(isKeyID(try XCTUnwrap(printed["key id"])), result.stdout)

        let fm = FileManager.default
        XCTAssertTrue(fm.fileExists(atPath: storePath))
        let keyAttributes = try fm.attributesOfItem(atPath: home + "/node-key.pem")
        XCTAssertEqual((keyAttributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let homeAttributes = try fm.attributesOfItem(atPath: home)
        XCTAssertEqual((homeAttributes[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        let pem = try String(contentsOfFile: home + "/node-key.pem", encoding: .utf8)
        XCTAssertTrue(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"), pem)

        // whoami reads the same identity back.
        let whoami = try succeed(["whoami"])
        XCTAssertEqual(fields(whoami.stdout), ["name": "testville", "public key": key,
                                               "key id": try XCTUnwrap(printed["key id"]), "home": home])
        let object = try jsonObject(["whoami"])
        XCTAssertEqual(object["name"] as? String, "testville")
        XCTAssertEqual(object["public_key"] as? String, key)
        XCTAssertEqual(object["key_id"] as? String, printed["key id"])
        XCTAssertEqual(object["home"] as? String, home)
    }

    func testTwoHomesGetDifferentKeys() throws {
        try initHome(name: "one", home: tmp.path("one"))
        try initHome(name: "two", home: tmp.path("two"))
        let one = try jsonObject(["whoami"], home: tmp.path("one"))
        let two = try jsonObject(["whoami"], home: tmp.path("two"))
        XCTAssertNotEqual(one["public_key"] as? String, two["public_key"] as? String)
        XCTAssertEqual(one["name"] as? String, "one")
        XCTAssertEqual(two["name"] as? String, "two")
    }

    func testInitRefusesToOverwriteAnExistingHome() throws {
        try initHome()
        let keyBefore = Self.digest(home + "/node-key.pem")
        let storeBefore = Self.digest(storePath)
        let again = try atHome(["init", "--name", "other"])
        XCTAssertEqual(again.status, 73, "\(again)")
        XCTAssertEqual(again.stdout, "")
        XCTAssertTrue(again.stderr.hasPrefix("Error: a syncnode home already exists at \(home)"), again.stderr)
        XCTAssertEqual(Self.digest(home + "/node-key.pem"), keyBefore)
        XCTAssertEqual(Self.digest(storePath), storeBefore)
        XCTAssertEqual(try jsonObject(["whoami"])["name"] as? String, "testville")
    }

    func testInitChecksItsArguments() throws {
        let missing = try atHome(["init"])
        XCTAssertEqual(missing.status, 64, "\(missing)")
        XCTAssertTrue(missing.stderr.hasPrefix("Error: Missing expected option '--name <NAME>'\n"), missing.stderr)
        let bad = try atHome(["init", "--name", "Not A Slug"])
        XCTAssertEqual(bad.status, 65, "\(bad)")
        XCTAssertTrue(bad.stderr.contains("'Not A Slug' is not a node name"), bad.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: storePath), "a refused init creates nothing")
    }

    func testTheHomeComesFromSYNCNODE_HOMEWhenNoOptionIsGiven() throws {
        let envHome = tmp.path("from-env")
        let created = try syncnode(["init", "--name", "envtown"], environment: ["SYNCNODE_HOME": envHome])
        XCTAssertEqual(created.status, 0, "\(created)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: envHome + "/store.sqlite"))

        let whoami = try syncnode(["whoami"], environment: ["SYNCNODE_HOME": envHome])
        XCTAssertEqual(whoami.status, 0, "\(whoami)")
        XCTAssertEqual(fields(whoami.stdout)["name"], "envtown")
        XCTAssertEqual(fields(whoami.stdout)["home"], envHome)

        // --home wins over the environment.
        try initHome(name: "optiontown")
        let both = try syncnode(["whoami", "--home", home], environment: ["SYNCNODE_HOME": envHome])
        XCTAssertEqual(fields(both.stdout)["name"], "optiontown")

        // A relative SYNCNODE_HOME is taken from the working directory.
        let relative = try syncnode(["whoami"], environment: ["SYNCNODE_HOME": "from-env"])
        XCTAssertEqual(fields(relative.stdout)["name"], "envtown", "\(relative)")
    }

    func testACommandWithoutAHomeExits66AndSaysHowToCreateOne() throws {
        for (arguments, env) in [(["list", "--home", tmp.path("nowhere")], [:]),
                                 (["stats"], ["SYNCNODE_HOME": tmp.path("nowhere")]),
                                 (["search", "anything"], [:] as [String: String]),   // ./.syncnode does not exist
                                 (["whoami"], [:]), (["import", Self.citiesPath], [:]),
                                 (["edit", "x.y", "--set", "title=T"], [:])] {
            let result = try syncnode(arguments, environment: env)
            XCTAssertEqual(result.status, 66, "\(arguments): \(result)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
            XCTAssertTrue(result.stderr.contains("syncnode init"), "\(arguments): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.path("nowhere")), "no command but init creates a home")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.path(".syncnode")))
    }

    /// A system OpenSSL configuration with a mistake in it must not stop a
    /// node from making, reading and using its key: OpenSSL reports such a
    /// mistake from its initialisation when `config_diagnostics = 1`
    /// (Debian's own openssl.cnf sets it), yet signing and hashing work.
    func testAFaultyOpenSSLConfigurationDoesNotStopTheNodeKey() throws {
        let conf = tmp.path("faulty-openssl.cnf")
        try """
            openssl_conf = openssl_init
            config_diagnostics = 1

            [openssl_init]
            no_such_module = no_such_section
            """.write(toFile: conf, atomically: true, encoding: .utf8)
        let env = ["OPENSSL_CONF": conf]
        let created = try syncnode(["init", "--name", "faultytown", "--home", home], environment: env)
        XCTAssertEqual(created.status, 0, "\(created)")
        let whoami = try syncnode(["whoami", "--home", home], environment: env)
        XCTAssertEqual(whoami.status, 0, "\(whoami)")
        XCTAssertEqual(fields(whoami.stdout)["name"], "faultytown")
        let imported = try syncnode(["import", Self.citiesPath + "/birmingham", "--home", home], environment: env)
        XCTAssertEqual(imported.status, 0, "signing on import: \(imported)")
    }
}
