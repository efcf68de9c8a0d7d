import SyncCore
import SyncNode

/// `syncnode rotate-key`: a new Ed25519 key pair for this node.
enum RotateKeyCommand {
    static let spec = CommandSpec(
        name: "rotate-key", abstract: "Replace this node's signing key; the old public key stays valid for its older revisions.",
        discussion: "The old key signs the new one, and `/v1/node` publishes that key history: each peer adopts the new key on its next sync, keeping the old one for older revisions. Restart `syncnode serve` afterwards. If the old key leaked, ask the peers to revoke it. See docs/operations.md.",
        options: [.flag("json", "Print the old and new keys as JSON.")],
        examples: [
            CommandExample("syncnode rotate-key",
                           "Sign with a new key from now on; peers adopt it on their next sync."),
        ],
        run: { args, ctx in
            let node = try ctx.openNode(args, readOnly: false)
            let old = node.identity.publicKey
            let rotated = try node.rotateKey()
            let new = rotated.identity.publicKey
            if args.flag("json") {
                ctx.output.printJSON(.object(["node": .string(rotated.identity.name), "public_key": .string(new.base64url),
                                              "key_id": .string(new.keyID), "previous_key": .string(old.base64url)]))
            } else {
                ctx.output.print("new public key: \(new.base64url) (key id \(new.keyID))")
                ctx.output.print("old public key: \(old.base64url) (now a previous key; old key file kept as \(rotated.home.privateKeyPath).old)")
                ctx.output.print("Restart `syncnode serve`: peers adopt the new key on their next sync (it is signed by the old one).")
            }
            return .success
        })
}
