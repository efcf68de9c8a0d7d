import FoundationEssentials

/// A server certificate issued by an intermediate CA that a `ThrowawayCA`
/// signed: root -> intermediate -> leaf, EC P-256, made with `openssl` on
/// the spot. Exists so a test can check that a server sends the whole chain
/// (a client that trusts only the root needs the intermediate from the
/// handshake).
///
///     let chain = try ThrowawayCertificateChain(root: ca)
///     // serve with --cert chain.chainPath --key chain.keyPath
package struct ThrowawayCertificateChain: Sendable {
    /// The leaf followed by the intermediate, PEM: what a server is given.
    package let chainPath: String
    /// The leaf's private key, PEM.
    package let keyPath: String
    /// The intermediate CA's certificate alone, PEM.
    package let intermediatePath: String
    /// Common names, to recognise each certificate in `openssl s_client` output.
    package let leafName: String
    package let intermediateName: String
    /// Keeps the files alive as long as the chain is referenced.
    private let intermediate: ThrowawayCA

    /// Issues an intermediate CA under `root` and a serverAuth leaf for
    /// `hosts` (IP addresses only: loopback tests) under the intermediate.
    /// - Throws: `ThrowawayCAError` naming the failed `openssl` command.
    package init(root: ThrowawayCA, hosts: [String] = ["127.0.0.1"],
                 intermediateName: String = "syncnode-test-intermediate") throws {
        intermediate = try root.intermediate(name: intermediateName)
        let leaf = try intermediate.serverCertificate(hosts: hosts)
        leafName = leaf.commonName
        self.intermediateName = intermediateName
        chainPath = intermediate.directory + "/chain.pem"
        try Data((leaf.certificatePEM + intermediate.caCertificatePEM).utf8).write(to: URL(fileURLWithPath: chainPath))
        keyPath = leaf.keyPath
        intermediatePath = intermediate.caCertificatePath
    }
}
