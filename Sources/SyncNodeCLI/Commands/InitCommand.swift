import FoundationEssentials
import SyncCore
import SyncNode

/// `syncnode init` and `syncnode whoami`.
enum InitCommand {
    static let spec = CommandSpec(
        name: "init", abstract: "Create a node's home: its SQLite store and Ed25519 key pair.",
        discussion: "Refuses to touch an existing home. The private key is written as a PKCS#8 PEM file with mode 0600.",
        options: [
            .value("name", "NAME", "The node's name: a lowercase slug such as birmingham or new-york."),
            .value("key", "FILE", "Adopt this Ed25519 private key (PKCS#8 PEM) instead of generating one (a restored node's key)."),
            .flag("json", "Print the result as JSON."),
        ],
        examples: [
            CommandExample("syncnode init --name birmingham",
                           "Create the node birmingham in $SYNCNODE_HOME (else ./.syncnode)."),
            CommandExample("syncnode init --name birmingham --home /var/lib/syncnode --key node-key.pem",
                           "Recreate a node in /var/lib/syncnode with its saved key."),
        ],
        run: { args, ctx in
            guard let name = args.value("name") else {
                throw UsageError(message: "Missing expected option '--name <NAME>'", command: args.command)
            }
            let node: LocalNode
            if let file = args.value("key") {
                node = try LocalNode.initialise(home: ctx.home(args), name: name, adoptingKeyFile: file)
            } else {
                node = try LocalNode.initialise(home: ctx.home(args), name: name)
            }
            if args.flag("json") {
                ctx.output.printJSON(WhoamiCommand.json(node))
            } else {
                ctx.output.print("Created node '\(name)' in \(node.home.path)")
                ctx.output.print("public key: \(node.identity.publicKey.base64url)")
                ctx.output.print("key id:     \(node.identity.keyID)")
            }
            return .success
        })
}
