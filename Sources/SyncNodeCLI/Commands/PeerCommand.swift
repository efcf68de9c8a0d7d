import FoundationEssentials
import SyncCore
import SyncNode

/// `syncnode peer add|list|show|remove`: the node's trust store.
enum PeerCommand {
    static let spec = CommandSpec(
        name: "peer", abstract: "Manage the peer cities this node trusts (one file each in <home>/peers/).",
        subcommands: [add, list, show, remove],
        examples: [
            CommandExample("syncnode peer add singapore --url https://sync.singapore.example:8443 --public-key SINGAPORE_PUBLIC_KEY",
                           "Trust the city singapore."),
            CommandExample("syncnode peer list",
                           "The peers this node trusts."),
        ])

    static let add = CommandSpec(
        name: "add", abstract: "Trust a peer city: its URL and Ed25519 public key, and how to verify its TLS certificate.",
        arguments: [ArgumentSpec(name: "name", help: "The peer's node name (as its `syncnode whoami` prints it).")],
        options: [
            .value("url", "URL", "The peer's base URL, e.g. https://sync.singapore.example:8443."),
            .value("public-key", "KEY", "The peer's Ed25519 public key, base64url (from its `syncnode whoami`)."),
            .value("ca", "FILE", "A CA bundle (PEM) that signed the peer's TLS certificate; copied into the home."),
            .value("pin", "sha256//BASE64", "Pin the peer's TLS public key instead of (or as well as) a CA."),
            .value("client-cert", "FILE", "The TLS client certificate (PEM) to present to this peer, if its serve requires one (default: <home>/client-cert.pem)."),
            .value("client-key", "FILE", "The private key (PEM) of --client-cert."),
            .flag("replace", "Replace an existing peer of that name (its old keys stay valid for its older revisions)."),
            .flag("plain-http", "Allow an http:// URL on a loopback address (local tests against `serve --plain-http` only)."),
            .flag("json", "Print the peer as JSON."),
        ],
        examples: [
            CommandExample("syncnode peer add singapore --url https://sync.singapore.example:8443 --public-key SINGAPORE_PUBLIC_KEY --ca singapore-ca.pem",
                           "Trust singapore: its URL, the public key its `syncnode whoami` prints, and the CA that signed its TLS certificate."),
            CommandExample("syncnode peer add singapore --url https://sync.singapore.example:8443 --public-key NEW_PUBLIC_KEY --replace",
                           "Give singapore a new key by hand; its old keys stay valid for its older revisions."),
            CommandExample("syncnode peer add rotterdam --url https://sync.rotterdam.example --public-key ROTTERDAM_PUBLIC_KEY --client-cert tls/to-rotterdam.pem --client-key tls/to-rotterdam.key",
                           "Present a client certificate of its own to rotterdam (mutual TLS)."),
        ],
        run: { args, ctx in
            let name = args.positionals[0]
            guard let url = args.value("url") else { throw UsageError(message: "Missing expected option '--url <URL>'", command: args.command) }
            guard let key = args.value("public-key") else {
                throw UsageError(message: "Missing expected option '--public-key <KEY>'", command: args.command)
            }
            let node = try ctx.openNode(args, readOnly: true)
            let dir = node.home.peersPath
            // Everything is checked before anything is written.
            var caPEM: Data?
            if let ca = args.value("ca") {
                guard let pem = FileManager.default.contents(atPath: ca), String(decoding: pem, as: UTF8.self).contains("BEGIN CERTIFICATE") else {
                    throw NodeError(.data, "--ca \(ca): not a readable PEM certificate file")
                }
                caPEM = pem
            }
            var peer = try PeerConfig.validated(name: name, url: url, publicKey: key, caFile: caPEM == nil ? nil : "\(name)-ca.pem",
                                                pin: args.value("pin"), plainHTTP: args.flag("plain-http"))
            if name == node.identity.name { throw NodeError(.data, "'\(name)' is this node itself") }
            switch (args.value("client-cert"), args.value("client-key")) {
            case (nil, nil): break
            case (let cert?, let key?):
                peer.clientCertificate = try pemFile(cert, option: "--client-cert", marker: "BEGIN CERTIFICATE")
                peer.clientKey = try pemFile(key, option: "--client-key", marker: "PRIVATE KEY")
            default:
                throw UsageError(message: "--client-cert and --client-key go together: give both or neither", command: args.command)
            }
            if FileManager.default.fileExists(atPath: dir + "/\(name).json") {
                guard args.flag("replace") else { throw NodeError(.cannotCreate, "peer '\(name)' exists already: add --replace to overwrite it") }
                // The peer's older revisions stay signed by its older keys:
                // a replaced key becomes a previous key, revoked ones stay revoked.
                let existing = try TrustStore(directory: dir, selfIdentity: node.identity).peer(name)
                for old in existing.previousKeys + [existing.publicKey] where old != peer.publicKey && !peer.previousKeys.contains(old) {
                    peer.previousKeys.append(old)
                }
                peer.revokedKeys = existing.revokedKeys
                if peer.clientCertificate == nil {
                    peer.clientCertificate = existing.clientCertificate
                    peer.clientKey = existing.clientKey
                }
                if existing.revokedKeys.contains(peer.publicKey) {
                    throw NodeError(.data, "the key \(peer.publicKey.keyID) is listed as revoked in \(dir)/\(name).json: a revoked key is never trusted again; ask \(name) for its new key")
                }
            }
            if let caPEM, let caFile = peer.caFile {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: dir + "/" + caFile, contents: caPEM) else {
                    throw NodeError(.cannotCreate, "cannot copy the CA file into \(dir): check that the home is writable")
                }
            }
            try TrustStore.save(peer, in: dir)
            if args.flag("json") { ctx.output.printJSON(peer.json) } else { ctx.output.print("trusting peer '\(name)' at \(peer.url) (key \(peer.publicKey.keyID))") }
            return .success
        })

    /// The absolute path of a readable PEM file holding `marker`. The file
    /// stays where it is (a key keeps its owner and mode).
    static func pemFile(_ path: String, option: String, marker: String) throws -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        guard let data = FileManager.default.contents(atPath: absolute), String(decoding: data, as: UTF8.self).contains(marker) else {
            throw NodeError(.data, "\(option) \(path): not a readable PEM file with \"\(marker)\" (check the path and that this user may read it)")
        }
        return absolute
    }

    static let list = CommandSpec(
        name: "list", abstract: "List trusted peers.", options: [.flag("json", "Print a JSON array.")],
        examples: [
            CommandExample("syncnode peer list",
                           "Every trusted peer: URL, key id and how its TLS certificate is checked."),
            CommandExample("syncnode peer list --json",
                           "The same as a JSON array."),
        ],
        run: { args, ctx in
            let node = try ctx.openNode(args, readOnly: true)
            let trust = try TrustStore(directory: node.home.peersPath, selfIdentity: node.identity)
            let peers = try trust.select([])
            if args.flag("json") { ctx.output.printJSON(.array(peers.map(\.json))); return .success }
            if peers.isEmpty { ctx.output.print("No peers yet: add one with `syncnode peer add NAME --url URL --public-key KEY`."); return .success }
            var t = Table(headers: ["NAME", "URL", "KEY ID", "TLS"])
            for p in peers { t.add([p.name, p.url, p.publicKey.keyID, p.pin != nil ? "pinned" : (p.caFile != nil ? "CA file" : "system CAs")]) }
            ctx.output.print(t.render())
            return .success
        })

    static let show = CommandSpec(
        name: "show", abstract: "Show one peer's settings.",
        arguments: [ArgumentSpec(name: "name", help: "The peer's name.")], options: [.flag("json", "Print as JSON.")],
        examples: [
            CommandExample("syncnode peer show singapore --json",
                           "singapore's peer file as JSON."),
        ],
        run: { args, ctx in
            let node = try ctx.openNode(args, readOnly: true)
            let peer = try TrustStore(directory: node.home.peersPath, selfIdentity: node.identity).peer(args.positionals[0])
            if args.flag("json") { ctx.output.printJSON(peer.json) } else { ctx.output.print(peer.json.prettyText()) }
            return .success
        })

    static let remove = CommandSpec(
        name: "remove", abstract: "Stop trusting a peer (its revisions already applied stay).",
        arguments: [ArgumentSpec(name: "name", help: "The peer's name.")],
        examples: [
            CommandExample("syncnode peer remove singapore",
                           "Stop trusting singapore (its revisions already applied stay)."),
        ],
        run: { args, ctx in
            let node = try ctx.openNode(args, readOnly: true)
            let name = args.positionals[0]
            _ = try TrustStore(directory: node.home.peersPath, selfIdentity: node.identity).peer(name)
            try FileManager.default.removeItem(atPath: node.home.peersPath + "/\(name).json")
            try? FileManager.default.removeItem(atPath: node.home.peersPath + "/\(name)-ca.pem")
            ctx.output.print("removed peer '\(name)'")
            return .success
        })
}
