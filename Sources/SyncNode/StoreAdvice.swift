import SQLite

/// What an SQLite failure means for the operator, as one sentence that says
/// what is wrong and what to do. SQLite's own code and words stay in
/// brackets for a bug report; the SQL that was running never appears (a
/// multi-line statement says nothing to an operator).
public enum StoreAdvice {
    public static func sentence(_ e: SQLiteError) -> String {
        let detail = "SQLite error \(e.code): \(e.message)"
        if e.isFull { return "the disk holding the store is full (\(detail)). Free disk space, then run again" }
        if e.isIOError {
            return "the store could not be read or written (\(detail)). Check free disk space and the disk's health (e.g. `dmesg`), then run again"
        }
        if e.isCorrupt { return "the store is damaged (\(detail)). Restore it from a backup (docs/operations.md)" }
        if e.isNotWritable {
            return "the store cannot be written (\(detail)): this user may not write the home or its files, or it is on a read-only mount. Run the command as the home's owner (e.g. `sudo -u syncnode syncnode ...`), or check the permissions of the home directory and its files"
        }
        if e.isBusy {
            return "the store is busy: another syncnode process (a sync run or `serve`) kept it locked for more than 5 s. Try again in a moment"
        }
        return "the store failed unexpectedly (\(detail)). Run the command again; if it fails the same way, report it with the command you ran"
    }
}
