import Foundation
import Synchronization

/// A throwaway certificate authority for tests, made at test time with the
/// `openssl` command-line tool in a fresh temporary directory. All keys are
/// EC P-256 (what libmicrohttpd/GnuTLS and libcurl/OpenSSL both accept).
///
///     let ca = try TestCA()
///     let server = try ca.serverCertificate()                 // 127.0.0.1, ::1, localhost
///     let client = try ca.clientCertificate(commonName: "birmingham")
///     let expired = try ca.serverCertificate(validity: .expired)
///     let rogue = try TestCA(name: "rogue-ca")                // "a different CA"
///     let pin = try server.publicKeyPin()                     // "sha256//BASE64"
///
/// Files live as long as the `TestCA` or any `TestCertificate` from it is
/// referenced; the directory is deleted after the last one goes away.
public final class TestCA: Sendable {
    /// The CA's common name.
    public let name: String
    /// The CA certificate itself (its `keyPath` is the CA's signing key).
    public let certificate: TestCertificate
    /// The temporary directory holding every file of this CA.
    public var directory: String { home.path }

    /// Path of the CA certificate (PEM): what a client or server trusts.
    public var caCertificatePath: String { certificate.certificatePath }
    /// The CA certificate, PEM.
    public var caCertificatePEM: String { certificate.certificatePEM }

    private let home: TemporaryDirectory
    /// Serializes `openssl ca` runs (they share index and serial files) and numbers the files.
    private let issued = Mutex<Int>(0)

    /// Creates the CA key and self-signed certificate (valid from an hour ago for 30 days).
    /// - Throws: `TestCAError` naming the failed `openssl` command and its output.
    public init(name: String = "syncnode-test-ca") throws {
        self.name = name
        home = try TemporaryDirectory(prefix: "testca-\(Self.fileSafe(name))")
        let dir = home.path
        try "".write(toFile: "\(dir)/index.txt", atomically: true, encoding: .utf8)
        try "unique_subject = no\n".write(toFile: "\(dir)/index.txt.attr", atomically: true, encoding: .utf8)
        try "1000\n".write(toFile: "\(dir)/serial", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "\(dir)/issued", withIntermediateDirectories: true)
        try Self.caConfig(dir).write(toFile: "\(dir)/ca.cnf", atomically: true, encoding: .utf8)
        let key = "\(dir)/ca.key", crt = "\(dir)/ca.crt"
        try Self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key])
        try Self.openssl(["req", "-x509", "-new", "-key", key, "-sha256", "-days", "30", "-subj", "/CN=\(name)",
                             "-addext", "basicConstraints=critical,CA:TRUE",
                             "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                             "-addext", "subjectKeyIdentifier=hash", "-out", crt])
        certificate = try TestCertificate(commonName: name, certificatePath: crt, keyPath: key, home: home)
    }

    /// When a certificate is valid.
    public enum Validity: Sendable {
        /// From an hour ago for 30 days.
        case current
        /// Ended yesterday (valid for one day, 30 days ago).
        case expired
        /// Starts in ten days.
        case notYetValid
    }

    /// A TLS server certificate (serverAuth) whose SAN lists `hosts`: IP
    /// addresses become `IP:` entries, names `DNS:` entries. The common name
    /// is the first host.
    public func serverCertificate(hosts: [String] = ["127.0.0.1", "::1", "localhost"],
                                  validity: Validity = .current) throws -> TestCertificate {
        let san = hosts.map { Self.isIPAddress($0) ? "IP:\($0)" : "DNS:\($0)" }.joined(separator: ",")
        return try issue(commonName: hosts.first ?? "localhost", extendedKeyUsage: "serverAuth",
                         subjectAltName: san, validity: validity)
    }

    /// A TLS client certificate (clientAuth) for mutual TLS, with CN = `commonName`
    /// (a node name such as `birmingham`).
    public func clientCertificate(commonName: String, validity: Validity = .current) throws -> TestCertificate {
        try issue(commonName: commonName, extendedKeyUsage: "clientAuth", subjectAltName: nil, validity: validity)
    }

    /// Any leaf certificate; `extendedKeyUsage` is e.g. `serverAuth`, `clientAuth`
    /// or `serverAuth,clientAuth`.
    public func issue(commonName: String, extendedKeyUsage: String, subjectAltName: String?,
                      validity: Validity = .current) throws -> TestCertificate {
        try issued.withLock { count in
            count += 1
            let dir = home.path
            let base = "\(dir)/\(count)-\(Self.fileSafe(commonName))"
            let key = base + ".key", csr = base + ".csr", ext = base + ".ext", crt = base + ".crt"
            var extensions = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                + "extendedKeyUsage=\(extendedKeyUsage)\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
            if let subjectAltName { extensions += "subjectAltName=\(subjectAltName)\n" }
            try extensions.write(toFile: ext, atomically: true, encoding: .utf8)
            try Self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key])
            try Self.openssl(["req", "-new", "-key", key, "-subj", "/CN=\(commonName)", "-out", csr])
            let (start, end) = Self.dates(validity)
            try Self.openssl(["ca", "-batch", "-notext", "-config", "\(dir)/ca.cnf",
                                 "-cert", "\(dir)/ca.crt", "-keyfile", "\(dir)/ca.key",
                                 "-in", csr, "-out", crt, "-extfile", ext,
                                 "-startdate", start, "-enddate", end])
            return try TestCertificate(commonName: commonName, certificatePath: crt, keyPath: key, home: home)
        }
    }

    // MARK: - Helpers

    /// Runs the `openssl` command-line tool; fails with its output.
    static func openssl(_ arguments: [String]) throws {
        let result = try ProcessRunner.run("/usr/bin/env", ["openssl"] + arguments, timeout: 60)
        guard result.status == 0 else {
            throw TestCAError(message: "`openssl \(arguments.joined(separator: " "))` exited with \(result.status): "
                              + result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                              + ". Is the openssl command-line tool installed?")
        }
    }

    private static func caConfig(_ dir: String) -> String {
        """
        [ ca ]
        default_ca = test_ca
        [ test_ca ]
        dir = \(dir)
        database = \(dir)/index.txt
        new_certs_dir = \(dir)/issued
        serial = \(dir)/serial
        default_md = sha256
        policy = any_name
        unique_subject = no
        copy_extensions = none
        email_in_dn = no
        [ any_name ]
        commonName = supplied

        """
    }

    private static func dates(_ validity: Validity) -> (String, String) {
        let now = Date()
        let day: TimeInterval = 86_400
        switch validity {
        case .current: return (stamp(now - 3600), stamp(now + 30 * day))
        case .expired: return (stamp(now - 30 * day), stamp(now - day))
        case .notYetValid: return (stamp(now + 10 * day), stamp(now + 40 * day))
        }
    }

    /// `YYYYMMDDHHMMSSZ` (GeneralizedTime), as `openssl ca -startdate` expects.
    private static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMddHHmmss"
        return f.string(from: date) + "Z"
    }

    private static func isIPAddress(_ s: String) -> Bool {
        s.contains(":") || (!s.isEmpty && s.allSatisfy { $0.isNumber || $0 == "." } && s.split(separator: ".").count == 4)
    }

    private static func fileSafe(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    }
}
