import Foundation

/// A server certificate issued by an intermediate CA that a `TestCA` signed:
/// root -> intermediate -> leaf, EC P-256, made with `openssl` at test time.
/// Exists so a test can check that a server sends the whole chain (a client
/// that trusts only the root needs the intermediate from the handshake).
///
///     let chain = try TestCertificateChain(root: ca)
///     // serve with --cert chain.chainPath --key chain.keyPath
public struct TestCertificateChain: Sendable {
    /// The leaf followed by the intermediate, PEM: what a server is given.
    public let chainPath: String
    /// The leaf's private key, PEM.
    public let keyPath: String
    /// The intermediate CA's certificate alone, PEM.
    public let intermediatePath: String
    /// Common names, to recognise each certificate in `openssl s_client` output.
    public let leafName: String
    public let intermediateName: String
    /// Keeps the files alive as long as the chain is referenced.
    private let home: TemporaryDirectory

    /// Issues an intermediate CA under `root` and a serverAuth leaf for
    /// `hosts` (IP addresses only: loopback tests) under the intermediate.
    /// - Throws: `TestCAError` naming the failed `openssl` command.
    public init(root: TestCA, hosts: [String] = ["127.0.0.1"], intermediateName: String = "syncnode-test-intermediate") throws {
        home = try TemporaryDirectory(prefix: "testchain")
        let dir = home.path
        leafName = hosts.first ?? "127.0.0.1"
        self.intermediateName = intermediateName
        let intermediateKey = "\(dir)/intermediate.key", intermediate = "\(dir)/intermediate.crt"
        let leafKey = "\(dir)/leaf.key", leaf = "\(dir)/leaf.crt"
        try Self.write("\(dir)/intermediate.ext", """
            basicConstraints=critical,CA:TRUE,pathlen:0
            keyUsage=critical,keyCertSign,cRLSign
            subjectKeyIdentifier=hash
            authorityKeyIdentifier=keyid

            """)
        try Self.write("\(dir)/leaf.ext", """
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,digitalSignature
            extendedKeyUsage=serverAuth
            subjectAltName=\(hosts.map { "IP:\($0)" }.joined(separator: ","))
            subjectKeyIdentifier=hash
            authorityKeyIdentifier=keyid

            """)
        try Self.issue(key: intermediateKey, subject: intermediateName, csr: "\(dir)/intermediate.csr",
                       signer: (root.caCertificatePath, root.certificate.keyPath), serial: "\(dir)/root.srl",
                       extensions: "\(dir)/intermediate.ext", out: intermediate)
        try Self.issue(key: leafKey, subject: leafName, csr: "\(dir)/leaf.csr",
                       signer: (intermediate, intermediateKey), serial: "\(dir)/intermediate.srl",
                       extensions: "\(dir)/leaf.ext", out: leaf)
        chainPath = "\(dir)/chain.pem"
        let pem = try String(contentsOfFile: leaf, encoding: .utf8) + String(contentsOfFile: intermediate, encoding: .utf8)
        try Self.write(chainPath, pem)
        keyPath = leafKey
        intermediatePath = intermediate
    }

    /// A new P-256 key, a CSR for CN=`subject`, and the certificate signed by `signer` (cert, key).
    private static func issue(key: String, subject: String, csr: String, signer: (String, String), serial: String,
                              extensions: String, out: String) throws {
        try TestCA.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key])
        try TestCA.openssl(["req", "-new", "-key", key, "-subj", "/CN=\(subject)", "-out", csr])
        try TestCA.openssl(["x509", "-req", "-in", csr, "-CA", signer.0, "-CAkey", signer.1, "-CAserial", serial,
                            "-CAcreateserial", "-days", "30", "-sha256", "-extfile", extensions, "-out", out])
    }

    private static func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
