#ifndef LLMDO_SANDBOX_H
#define LLMDO_SANDBOX_H
// The OS layer of the shell tools' sandbox: Landlock rulesets and a fork/exec path that can set
// up the child between fork and exec (Foundation.Process and posix_spawn cannot).
//
// Everything a child needs (paths, argv, envp, id maps, the Landlock ruleset) is prepared by the
// caller before llmdo_sandbox_spawn forks; the child then makes only async-signal-safe calls.
#include <stdint.h>
#include <sys/types.h>

/// The Landlock ABI version of the running kernel, or 0 when Landlock is missing or disabled
/// (the reason is left in errno: ENOSYS not built, EOPNOTSUPP disabled at boot).
int llmdo_landlock_abi(void);

/// The filesystem access rights known to Landlock ABI `abi`.
uint64_t llmdo_landlock_fs_rights(int abi);

/// Read access (read files, list folders).
uint64_t llmdo_landlock_read_rights(void);
/// Execution of a file.
uint64_t llmdo_landlock_execute_right(void);

/// Creates a ruleset handling every filesystem right of `abi` (and, from ABI 4, TCP bind and
/// connect; from ABI 6, abstract unix sockets and signals outside the sandbox). Returns its
/// descriptor (close-on-exec) or -1 with errno.
int llmdo_landlock_ruleset(int abi);

/// Allows `access` beneath `path` (a folder) or on `path` (a file: the folder-only rights are
/// dropped). Returns 0, or -1 with errno (ENOENT when the path does not exist).
int llmdo_landlock_allow(int ruleset, const char *path, uint64_t access);

/// pipe2(fds, O_CLOEXEC), which Swift's Glibc module does not import.
int llmdo_sandbox_pipe(int fds[2]);

/// How a child is cut off from the network.
enum llmdo_network_isolation {
    LLMDO_NETWORK_OPEN = 0,
    /// A new user and network namespace: no interface but a downed loopback.
    LLMDO_NETWORK_NAMESPACE = 1,
    /// A seccomp filter refusing socket(AF_INET/AF_INET6) and io_uring.
    LLMDO_NETWORK_SECCOMP = 2,
};

/// What the child does between fork and exec.
struct llmdo_spawn_spec {
    /// The program, an absolute path (no PATH lookup in the child).
    const char *path;
    /// NULL-terminated.
    char *const *argv;
    /// NULL-terminated; the whole environment of the child.
    char *const *envp;
    /// The child's working directory.
    const char *directory;
    /// Descriptors that become the child's stdout and stderr.
    int stdout_fd;
    int stderr_fd;
    /// A ruleset from llmdo_landlock_ruleset, or -1 for none.
    int landlock_ruleset;
    enum llmdo_network_isolation network;
    /// Lines for /proc/self/uid_map and gid_map in the new user namespace ("1000 1000 1").
    const char *uid_map;
    const char *gid_map;
    /// The descriptor that becomes the child's stdin, or -1 for /dev/null (an MCP server reads
    /// its requests here; the shell tools give their programs no input).
    int stdin_fd;
};

/// Steps of the child's setup, reported with errno when one fails.
enum llmdo_spawn_stage {
    LLMDO_STAGE_FORK = 1, LLMDO_STAGE_SESSION, LLMDO_STAGE_PARENT_DEATH, LLMDO_STAGE_DESCRIPTORS,
    LLMDO_STAGE_NAMESPACE, LLMDO_STAGE_ID_MAP, LLMDO_STAGE_DIRECTORY, LLMDO_STAGE_NO_NEW_PRIVS,
    LLMDO_STAGE_SECCOMP, LLMDO_STAGE_LANDLOCK, LLMDO_STAGE_EXEC,
};

/// Forks a child that: leads a new session and process group; is killed (SIGKILL) when the
/// thread that called this function exits (PR_SET_PDEATHSIG, with the getppid race closed);
/// resets signal dispositions and mask; isolates the network; sets no_new_privs; enters the
/// Landlock ruleset; closes every other descriptor; and executes `spec->path`.
///
/// Returns once the child has executed the program (0, `*pid` set) or failed to (-1, `*stage`
/// and `*error` set, the child reaped). The caller's thread must outlive the child: the
/// parent-death signal follows the thread, not the process.
int llmdo_sandbox_spawn(const struct llmdo_spawn_spec *spec, pid_t *pid, int *stage, int *error);

#endif
