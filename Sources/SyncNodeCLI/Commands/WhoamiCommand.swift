import SyncCore
import SyncNode

/// `syncnode whoami`: the node's name, public key and fingerprint.
enum WhoamiCommand {
    static let spec = CommandSpec(
        name: "whoami", abstract: "Print this node's name, public key (base64url) and key fingerprint.",
        options: [.flag("json", "Print the result as JSON.")],
        examples: [
            CommandExample("syncnode whoami",
                           "This node's name, public key and key id: what partners give `syncnode peer add`."),
            CommandExample("syncnode whoami --json",
                           "The same as JSON."),
        ],
        run: { args, ctx in
            let node = try ctx.openNode(args, readOnly: true)
            if args.flag("json") {
                ctx.output.printJSON(json(node))
            } else {
                ctx.output.print("name:       \(node.identity.name)")
                ctx.output.print("public key: \(node.identity.publicKey.base64url)")
                ctx.output.print("key id:     \(node.identity.keyID)")
                ctx.output.print("home:       \(node.home.path)")
            }
            return .success
        })

    /// `node` repeats `name` under the name every other command uses for
    /// this node's name (docs/cli.md); `name` stays, a contract.
    static func json(_ node: LocalNode) -> JSONValue {
        .object(["name": .string(node.identity.name), "node": .string(node.identity.name),
                 "public_key": .string(node.identity.publicKey.base64url),
                 "key_id": .string(node.identity.keyID), "home": .string(node.home.path)])
    }
}
