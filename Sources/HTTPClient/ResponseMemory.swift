internal import CCurl

/// Keeps response buffers from staying resident after they are freed.
///
/// glibc serves blocks over 128 KiB with mmap and unmaps them on free, but
/// after each such free it raises that threshold to the freed size (up to
/// 32 MiB); later page-sized buffers then come from per-thread arenas and
/// stay resident when freed. `sync` runs each peer on its own thread, so
/// every hostile peer's cut-off buffer stayed: 12 endless peers took
/// 138 MB. A fixed threshold keeps every large buffer an mmap that free
/// returns at once, and a trim after each client hands back what the
/// arenas still hold.
enum ResponseMemory {
    /// Set once per process (a static `let` runs exactly once, under a lock).
    /// 0 means glibc refused the value: it keeps its default, which only
    /// costs memory, so there is nothing to report or undo.
    private static let fixed: Int32 = ccurl_fix_mmap_threshold(256 * 1024)

    /// Before the first transfer; cheap afterwards.
    static func useMmapForLargeBuffers() {
        _ = fixed
    }

    /// Hands free arena memory back to the system (after a client is done).
    static func releaseFreeMemory() {
        _ = ccurl_release_free_memory()   // 0 just means nothing was released
    }
}
