import Glibc

/// The `posix_spawn` settings a plugin helper starts with, in one place.
enum SpawnAttributes {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does not
    /// import (it sits behind `_GNU_SOURCE`), looked up once by name. RTLD_DEFAULT is a null handle.
    private static let closeFrom = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }

    /// Adds "close every descriptor from `fd` up", when the C library has it (descriptors llmdo
    /// opened without O_CLOEXEC stay llmdo's).
    static func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ fd: Int32) {
        _ = closeFrom?(actions, fd)
    }

    /// Starts the child in a process group of its own, with no signal blocked and every
    /// catchable signal at its default disposition (llmdo may ignore some; a child must not).
    static func ownGroup(_ attributes: inout posix_spawnattr_t) {
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    }
}
