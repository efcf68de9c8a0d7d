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
    /// 1 when glibc's allocator took the threshold; glibc's `mallopt` first
    /// initialises that allocator, so from then on it is set up. 0 when
    /// glibc refused the value (it keeps its default, which only costs
    /// memory: nothing to report or undo), or when malloc is not glibc's:
    /// AddressSanitizer replaces it, and its `mallopt` does nothing and
    /// returns 0.
    private static let fixed: Int32 = ccurl_fix_mmap_threshold(256 * 1024)

    /// Before the first transfer; cheap afterwards.
    static func useMmapForLargeBuffers() {
        _ = fixed
    }

    /// Hands free arena memory back to the system (after a client is done),
    /// only when glibc's allocator is the one in use and set up (`fixed`).
    ///
    /// Otherwise our buffers are not in glibc's arenas, and the trim would
    /// be the process's first call into glibc's allocator, which sets itself
    /// up without a lock (`ptmalloc_init`) and gives the calling thread the
    /// main arena. Under AddressSanitizer, which does not intercept
    /// `malloc_trim`, two peer threads of `sync` trimming at once both did
    /// that, and the second to exit aborted in glibc
    /// (`__malloc_arena_thread_freeres: a->attached_threads > 0`;
    /// docs/security.md, "Sanitizers").
    static func releaseFreeMemory() {
        guard fixed == 1 else { return }
        _ = ccurl_release_free_memory()   // 0 just means nothing was released
    }
}
