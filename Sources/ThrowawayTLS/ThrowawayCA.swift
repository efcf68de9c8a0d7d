import FoundationEssentials
import Subprocess
import Synchronization

/// A throwaway certificate authority, made on the spot with the `openssl`
/// command-line tool: the one CA maker of the demo, the benchmark and the
/// tests. All keys are EC P-256 (what libmicrohttpd/GnuTLS and
/// libcurl/OpenSSL both accept).
///
///     let ca = try ThrowawayCA()
///     let server = try ca.serverCertificate()                 // 127.0.0.1, ::1, localhost
///     let client = try ca.clientCertificate(commonName: "birmingham")
///     let expired = try ca.serverCertificate(validity: .expired)
///     let rogue = try ThrowawayCA(name: "rogue-ca")           // "a different CA"
///     let pin = try server.publicKeyPin()                     // "sha256//BASE64"
///     let demo = try ThrowawayCA(name: "syncnode demo CA", directory: dir + "/tls", caFile: "demo-ca.pem")
///
/// Without a `directory`, files live in a fresh temporary directory as long
/// as the `ThrowawayCA` or any `ThrowawayCertificate` from it is referenced,
/// and the directory is deleted after the last one goes away. With one, the
/// files stay there (the demo's `--keep` leaves them for its servers).
package final class ThrowawayCA: Sendable {
    /// The CA's common name.
    package let name: String
    /// The CA certificate itself (its `keyPath` is the CA's signing key).
    package let certificate: ThrowawayCertificate
    /// The temporary directory holding every file of this CA.
    package var directory: String { home.path }

    /// Path of the CA certificate (PEM): what a client or server trusts.
    package var caCertificatePath: String { certificate.certificatePath }
    /// The CA certificate, PEM.
    package var caCertificatePEM: String { certificate.certificatePEM }

    private let home: CADirectory
    /// The CA that signed this one (an intermediate keeps its root's files alive).
    private let parent: ThrowawayCA?
    /// Numbers the issued files.
    private let issued = Mutex<Int>(0)
    /// Serializes `openssl ca` runs (they share index and serial files).
    private let signing = Mutex<Void>(())

    /// Creates the CA key and self-signed certificate (valid from now for 30 days).
    /// - Parameters:
    ///   - directory: where the files go (created, and left in place); nil for a
    ///     temporary directory removed with the last reference.
    ///   - caFile: the CA certificate's file name in the directory.
    /// - Throws: `ThrowawayCAError` naming the failed `openssl` command and its output.
    package init(name: String = "syncnode-test-ca", directory: String? = nil, caFile: String = "ca.crt") throws {
        self.name = name
        home = try directory.map(CADirectory.init(keeping:)) ?? CADirectory(temporaryWithPrefix: "testca-\(Self.fileSafe(name))")
        let key = try Self.prepare(home.path)
        let crt = "\(home.path)/\(caFile)"
        try Self.openssl(["req", "-x509", "-new", "-key", key, "-sha256", "-days", "30", "-subj", "/CN=\(name)",
                             "-addext", "basicConstraints=critical,CA:TRUE",
                             "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                             "-addext", "subjectKeyIdentifier=hash", "-out", crt])
        certificate = try ThrowawayCertificate(commonName: name, certificatePath: crt, keyPath: key, home: home)
        parent = nil
    }

    /// An intermediate CA (pathlen 0) signed by `parent`, in a temporary directory of its own.
    private init(intermediate name: String, signedBy parent: ThrowawayCA) throws {
        self.name = name
        home = try CADirectory(temporaryWithPrefix: "testca-\(Self.fileSafe(name))")
        let key = try Self.prepare(home.path)
        let csr = "\(home.path)/ca.csr", crt = "\(home.path)/ca.crt"
        try Self.openssl(["req", "-new", "-key", key, "-subj", "/CN=\(name)", "-out", csr])
        try parent.sign(csr: csr, out: crt, extensions: """
            basicConstraints=critical,CA:TRUE,pathlen:0
            keyUsage=critical,keyCertSign,cRLSign
            subjectKeyIdentifier=hash
            authorityKeyIdentifier=keyid

            """, validity: .current)
        certificate = try ThrowawayCertificate(commonName: name, certificatePath: crt, keyPath: key, home: home)
        self.parent = parent
    }

    /// A CA signed by this one that may sign only leaf certificates: for a
    /// chain root -> intermediate -> leaf (`ThrowawayCertificateChain`).
    package func intermediate(name: String) throws -> ThrowawayCA {
        try ThrowawayCA(intermediate: name, signedBy: self)
    }

    /// The `openssl ca` database, its configuration and the CA's key in
    /// `dir`; returns the key's path.
    private static func prepare(_ dir: String) throws -> String {
        try "".write(toFile: "\(dir)/index.txt", atomically: true, encoding: .utf8)
        try "unique_subject = no\n".write(toFile: "\(dir)/index.txt.attr", atomically: true, encoding: .utf8)
        try "1000\n".write(toFile: "\(dir)/serial", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "\(dir)/issued", withIntermediateDirectories: true)
        try Self.caConfig(dir).write(toFile: "\(dir)/ca.cnf", atomically: true, encoding: .utf8)
        let key = "\(dir)/ca.key"
        try Self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key])
        return key
    }

    /// When a certificate is valid.
    package enum Validity: Sendable {
        /// From an hour ago for 30 days.
        case current
        /// Ended yesterday (valid for one day, 30 days ago).
        case expired
        /// Starts in ten days.
        case notYetValid
    }

    /// A TLS server certificate (serverAuth) whose SAN lists `hosts`: IP
    /// addresses become `IP:` entries, names `DNS:` entries. The common name
    /// is `commonName`, or else the first host.
    package func serverCertificate(hosts: [String] = ["127.0.0.1", "::1", "localhost"], commonName: String? = nil,
                                   validity: Validity = .current) throws -> ThrowawayCertificate {
        let san = hosts.map { Self.isIPAddress($0) ? "IP:\($0)" : "DNS:\($0)" }.joined(separator: ",")
        return try issue(commonName: commonName ?? hosts.first ?? "localhost", extendedKeyUsage: "serverAuth",
                         subjectAltName: san, validity: validity)
    }

    /// A TLS client certificate (clientAuth) for mutual TLS, with CN = `commonName`
    /// (a node name such as `birmingham`).
    package func clientCertificate(commonName: String, validity: Validity = .current) throws -> ThrowawayCertificate {
        try issue(commonName: commonName, extendedKeyUsage: "clientAuth", subjectAltName: nil, validity: validity)
    }

    /// Any leaf certificate; `extendedKeyUsage` is e.g. `serverAuth`, `clientAuth`
    /// or `serverAuth,clientAuth`.
    package func issue(commonName: String, extendedKeyUsage: String, subjectAltName: String?,
                       validity: Validity = .current) throws -> ThrowawayCertificate {
        let base = "\(home.path)/\(issued.withLock { $0 += 1; return $0 })-\(Self.fileSafe(commonName))"
        let key = base + ".key", csr = base + ".csr", crt = base + ".crt"
        var extensions = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
            + "extendedKeyUsage=\(extendedKeyUsage)\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
        if let subjectAltName { extensions += "subjectAltName=\(subjectAltName)\n" }
        try Self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key])
        try Self.openssl(["req", "-new", "-key", key, "-subj", "/CN=\(commonName)", "-out", csr])
        try sign(csr: csr, out: crt, extensions: extensions, validity: validity)
        return try ThrowawayCertificate(commonName: commonName, certificatePath: crt, keyPath: key, home: home)
    }

    /// Signs `csr` with this CA's key into `out`, with `extensions` (an
    /// openssl extension file's text). Serialized: `openssl ca` runs share
    /// the index and serial files.
    private func sign(csr: String, out: String, extensions: String, validity: Validity) throws {
        try signing.withLock { _ in
            let dir = home.path
            let ext = out + ".ext"
            try extensions.write(toFile: ext, atomically: true, encoding: .utf8)
            let (start, end) = Self.dates(validity)
            try Self.openssl(["ca", "-batch", "-notext", "-config", "\(dir)/ca.cnf",
                                 "-cert", certificate.certificatePath, "-keyfile", certificate.keyPath,
                                 "-in", csr, "-out", out, "-extfile", ext,
                                 "-startdate", start, "-enddate", end])
        }
    }

    // MARK: - Helpers

    /// Runs the `openssl` command-line tool; fails with its output.
    static func openssl(_ arguments: [String]) throws {
        let result = try ProcessRunner.run("/usr/bin/env", ["openssl"] + arguments, timeout: 60)
        guard result.status == 0 else {
            throw ThrowawayCAError(message: "`openssl \(arguments.joined(separator: " "))` exited with \(result.status): "
                                   + result.stderr.split(whereSeparator: \.isNewline).joined(separator: " ")
                                   + ". Is the openssl command-line tool installed? (apt-get install openssl)")
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
        // ISO 8601 in UTC ("2026-12-05T23:10:00Z") without its separators.
        String(date.ISO8601Format().filter { $0.isNumber || $0 == "Z" })
    }

    private static func isIPAddress(_ s: String) -> Bool {
        s.contains(":") || (!s.isEmpty && s.allSatisfy { $0.isNumber || $0 == "." } && s.split(separator: ".").count == 4)
    }

    private static func fileSafe(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    }
}
