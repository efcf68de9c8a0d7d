import Glibc
import Synchronization

/// The package's one posix_spawn call, and the lock under which every
/// descriptor meant for a child is made. (Foundation's `Process` did this
/// before; the binary links FoundationEssentials only, which lacks it.)
enum ProcessSpawn {
    /// Held while a child's descriptors are made and it is spawned. A pipe
    /// gets FD_CLOEXEC only after pipe(2) has returned (Swift's Glibc module
    /// has no pipe2). The children spawned here keep only 0-2 in any case
    /// (addclosefrom below); the lock covers a fork or exec elsewhere in
    /// the process between the two calls, which would keep the pipe open
    /// and leave its reader waiting for an end that never comes. (Nothing
    /// in the package forks elsewhere today; the lock costs nothing.)
    static let lock = Mutex(())

    /// Why a child could not be started.
    struct Failure: Error {
        let reason: String
    }

    /// A pipe whose ends both close on exec. Call holding `lock`.
    static func makePipe() throws(Failure) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard Glibc.pipe(&ends) == 0 else { throw Failure(reason: "cannot create a pipe: \(errorText())") }
        for fd in ends where fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 {
            let why = errorText()
            close(ends[0])
            close(ends[1])
            throw Failure(reason: "cannot mark a pipe close-on-exec: \(why)")
        }
        return (ends[0], ends[1])
    }

    /// `path` opened with `flags` (and close-on-exec). Call holding `lock`.
    static func open(_ path: String, _ flags: Int32, reason: String) throws(Failure) -> Int32 {
        let fd = Glibc.open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(reason: "\(reason): \(errorText())") }
        return fd
    }

    /// Starts `executable` (a path; no PATH search) with argv[0] set to it.
    /// - Parameter descriptors: what the child gets as 0, 1 and 2; nil
    ///   leaves this process's own. Signals start with their default
    ///   actions and none blocked, whatever this process ignores or blocks.
    /// - Returns: the child's PID. Call holding `lock`.
    static func spawn(_ executable: String, arguments: [String], environment: [String: String]?,
                      currentDirectory: String?, descriptors: [Int32?]) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        guard posix_spawn_file_actions_init(&actions) == 0 else { throw Failure(reason: "posix_spawn_file_actions_init failed") }
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, fd) in descriptors.enumerated() {
            guard let fd else { continue }
            let rc = posix_spawn_file_actions_adddup2(&actions, fd, Int32(target))
            guard rc == 0 else { throw Failure(reason: "posix_spawn_file_actions_adddup2 failed: \(errorText(rc))") }
        }
        // Nothing but 0-2 reaches the child: descriptors this process (or a
        // library in it) opened without close-on-exec stay here.
        guard let addCloseFrom else {
            throw Failure(reason: "this C library cannot close a child's other descriptors (posix_spawn_file_actions_addclosefrom_np needs glibc 2.34)")
        }
        let closing = addCloseFrom(&actions, 3)
        guard closing == 0 else { throw Failure(reason: "posix_spawn_file_actions_addclosefrom_np failed: \(errorText(closing))") }
        if let currentDirectory {
            guard let addChdir else {
                throw Failure(reason: "this C library cannot start a program in another directory (posix_spawn_file_actions_addchdir_np needs glibc 2.29)")
            }
            let rc = addChdir(&actions, currentDirectory)
            guard rc == 0 else { throw Failure(reason: "posix_spawn_file_actions_addchdir_np failed: \(errorText(rc))") }
        }
        var attributes = posix_spawnattr_t()
        guard posix_spawnattr_init(&attributes) == 0 else { throw Failure(reason: "posix_spawnattr_init failed") }
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        var none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        guard posix_spawnattr_setsigdefault(&attributes, &all) == 0,
              posix_spawnattr_setsigmask(&attributes, &none) == 0,
              posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)) == 0 else {
            throw Failure(reason: "posix_spawnattr_set* failed")
        }
        let argv = CStrings([executable] + arguments)
        let envp = environment.map { CStrings($0.map { "\($0.key)=\($0.value)" }) }
        var pid: pid_t = 0
        let rc = argv.withPointers { argvPointers in
            if let envp {
                return envp.withPointers { posix_spawn(&pid, executable, &actions, &attributes, argvPointers, $0) }
            }
            return posix_spawn(&pid, executable, &actions, &attributes, argvPointers, environ)
        }
        guard rc == 0 else { throw Failure(reason: errorText(rc)) }
        return pid
    }

    /// glibc's posix_spawn_file_actions_addchdir_np and _addclosefrom_np,
    /// which Swift's Glibc module does not declare (RTLD_DEFAULT lookups).
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addChdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: AddChdir.self) }
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }

    static func errorText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// NUL-terminated copies of strings and a NULL-terminated array of
    /// pointers to them (argv, envp), freed with the value.
    private final class CStrings {
        private var pointers: [UnsafeMutablePointer<CChar>?]

        init(_ strings: [String]) {
            pointers = strings.map { strdup($0) } + [nil]
        }

        func withPointers<R>(_ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
            body(pointers)
        }

        deinit {
            for p in pointers { free(p) }
        }
    }
}
