import FoundationEssentials

/// Where a node keeps its files: `--home DIR`, else `$SYNCNODE_HOME`, else
/// `./.syncnode`. Every command finds the home the same way.
package struct NodeHome: Sendable, Equatable {
    package let path: String

    package init(path: String) {
        self.path = path
    }

    /// Resolves the home from an explicit option and the environment.
    package static func resolve(option: String?, environment: [String: String]) -> NodeHome {
        if let option, !option.isEmpty { return NodeHome(path: absolute(option)) }
        if let env = environment["SYNCNODE_HOME"], !env.isEmpty { return NodeHome(path: absolute(env)) }
        return NodeHome(path: absolute(".syncnode"))
    }

    static func absolute(_ p: String) -> String {
        if p.hasPrefix("/") { return p }
        return FileManager.default.currentDirectoryPath + "/" + p
    }

    package var storePath: String { path + "/store.sqlite" }
    package var privateKeyPath: String { path + "/node-key.pem" }
    package var peersPath: String { path + "/peers" }
    package var lockPath: String { path + "/sync.lock" }
    /// The highest write counters this node has used (see `WriteMark`).
    package var writeMarkPath: String { path + "/write-mark" }
    /// Optional TLS client certificate and key this node presents to peers
    /// whose `serve` requires one (`--client-ca`).
    package var clientCertificatePath: String { path + "/client-cert.pem" }
    package var clientKeyPath: String { path + "/client-key.pem" }

    package var exists: Bool { FileManager.default.fileExists(atPath: storePath) }

    /// Fails with a message telling the user how to create or point to a home.
    package func requireExists() throws {
        if !exists, let missing = missingStore { throw NodeError(.notFound, missing) }
        guard exists else {
            throw NodeError(.notFound, "no syncnode home at \(path): create one with `syncnode init --name NAME` (add --home DIR), or point to it with --home DIR or SYNCNODE_HOME")
        }
    }

    /// The explanation for a home that has its key but lost its store (moved,
    /// deleted, or a restore that copied only the key), or nil.
    package var missingStore: String? {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: storePath), fm.fileExists(atPath: privateKeyPath) else { return nil }
        return "the home \(path) has this node's key (node-key.pem) but no store (store.sqlite): the store was moved or deleted. Put store.sqlite back from your backup (docs/operations.md, \"Restoring a node\"); to make a new node here instead, move node-key.pem out of the home first, then run `syncnode init`"
    }
}
