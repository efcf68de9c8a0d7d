import SyncStore

/// What a store failure means for the operator, as one sentence that says
/// what is wrong and what to do. SQLite's own code and words stay in
/// brackets for a bug report; the SQL that was running never appears (a
/// multi-line statement says nothing to an operator).
package enum StoreAdvice {
    package static func sentence(_ e: StoreFailure) -> String {
        let detail = "SQLite error \(e.code): \(e.message)"
        switch e.kind {
        case .full:
            return "the disk holding the store is full, or the one holding SQLite's temporary directory, where an import and `migrate --compact` also write (SQLITE_TMPDIR, else TMPDIR, else /var/tmp) (\(detail)). Free disk space, then run again"
        case .ioError:
            return "the store could not be read or written (\(detail)). Check free disk space and the disk's health (e.g. `dmesg`), then run again"
        case .corrupt:
            return "the store is damaged (\(detail)). Restore it from a backup (docs/operations.md)"
        case .notWritable:
            return "the store cannot be written (\(detail)): this user may not write the home or its files, or it is on a read-only mount. Run the command as the home's owner (e.g. `sudo -u syncnode syncnode ...`), or check the permissions of the home directory and its files"
        case .busy:
            return "the store is busy: another syncnode process kept it locked for more than 5 s (a sync run, `serve` or an import; while a new node makes its first import or pull, also a long read such as `export`). Try again in a moment: nothing was lost, and a pull goes on from its checkpoint"
        case .other:
            return "the store failed unexpectedly (\(detail)). Run the command again; if it fails the same way, report it with the command you ran"
        }
    }
}
