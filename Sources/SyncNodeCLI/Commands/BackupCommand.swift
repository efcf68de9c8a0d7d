import Foundation
import SyncCore
import SyncNode
import SQLite

/// `syncnode backup FILE`: an online, consistent copy of the store, marked
/// as a backup so that a node restored from it knows it may have forgotten
/// writes its peers hold (docs/operations.md, "Backups").
enum BackupCommand {
    static let spec = CommandSpec(
        name: "backup", abstract: "Copy the store to FILE while the node runs (consistent, checked, marked as a backup).",
        discussion: "Uses SQLite's online backup, so `serve` and sync runs may keep writing. The copy is checked with PRAGMA integrity_check and written with mode 0600; an existing FILE is never overwritten. Back up node-key.pem and peers/ separately (docs/operations.md).",
        arguments: [ArgumentSpec(name: "file", help: "Where to write the copy, e.g. /backups/syncnode/store-2026-12-05.sqlite.")],
        options: [.flag("json", "Print the result as JSON."), .flag("quiet", "Print nothing but errors (for cron).")],
        run: { args, ctx in
            let file = args.positionals[0]
            let node = try ctx.openNode(args, readOnly: true)
            let fm = FileManager.default
            if fm.fileExists(atPath: file) {
                throw NodeError(.cannotCreate, "\(file) exists already: choose a new name (e.g. with the date), or remove it yourself")
            }
            // Created empty with mode 0600 first: the copy holds the city's content and run history.
            guard fm.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw NodeError(.cannotCreate, "cannot create \(file): check that its directory exists and that this user may write there")
            }
            do {
                try node.store.backup(to: file)
                // Read-write although it only reads: closing it then removes the
                // -wal and -shm files, so the backup is one file.
                let verdict = try Connection(path: file, mode: .readWrite).firstRow("PRAGMA integrity_check")?.string(0)
                guard verdict == "ok" else {
                    throw NodeError(.failure, "the copy at \(file) failed its integrity check (\(verdict ?? "no answer")): it was removed; check the disk, and the store with `sqlite3 \(node.home.storePath) \"PRAGMA integrity_check\"`")
                }
            } catch {
                try? fm.removeItem(atPath: file)
                throw error
            }
            let bytes = (try? fm.attributesOfItem(atPath: file))?[.size] as? Int ?? 0
            if args.flag("json") {
                ctx.output.printJSON(.object(["file": .string(file), "bytes": .double(Double(bytes)),
                                              "node": .string(node.identity.name), "integrity": .string("ok")]))
            } else if !ctx.output.quiet {
                ctx.output.print("backed up \(node.identity.name)'s store to \(file) (\(bytes / 1024) KiB, integrity ok)")
            }
            return .success
        })
}
