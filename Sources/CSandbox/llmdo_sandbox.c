// The shell tools' sandbox, the part that must be C: raw Landlock syscalls and the code that runs
// in a forked child before exec. See include/llmdo_sandbox.h for the contract.
//
// Unsafe territory, kept small on purpose:
// - After fork() in a multithreaded process, the child may only make async-signal-safe calls
//   (no malloc, no locks, no stdio): every string and array it uses was built by the caller.
// - Landlock's constants are spelled out here because the system header may predate the ABI the
//   kernel offers (values from the kernel's include/uapi/linux/landlock.h, stable by design).
#define _GNU_SOURCE
#include "llmdo_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef SYS_io_uring_setup
#define SYS_io_uring_setup 425
#endif

#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_RULE_PATH_BENEATH 1

#define LL_FS_EXECUTE (1ULL << 0)
#define LL_FS_WRITE_FILE (1ULL << 1)
#define LL_FS_READ_FILE (1ULL << 2)
#define LL_FS_READ_DIR (1ULL << 3)
#define LL_FS_MAKE_SYM (1ULL << 12)
#define LL_FS_REFER (1ULL << 13)      // ABI 2
#define LL_FS_TRUNCATE (1ULL << 14)   // ABI 3
#define LL_FS_IOCTL_DEV (1ULL << 15)  // ABI 5
#define LL_NET_BIND_TCP (1ULL << 0)   // ABI 4
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)  // ABI 6
#define LL_SCOPE_SIGNAL (1ULL << 1)

/// The rights that make sense on a file (not a folder); others make landlock_add_rule fail.
#define LL_FILE_RIGHTS (LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)

/// struct landlock_ruleset_attr as of ABI 6; older kernels are passed a shorter prefix.
struct ll_ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};

struct ll_path_beneath_attr {
    uint64_t allowed_access;
    int32_t parent_fd;
} __attribute__((packed));

int llmdo_landlock_abi(void) {
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
    return abi < 0 ? 0 : (int)abi;
}

uint64_t llmdo_landlock_fs_rights(int abi) {
    if (abi < 1) return 0;
    uint64_t rights = (LL_FS_MAKE_SYM << 1) - 1;  // ABI 1: bits 0 to 12
    if (abi >= 2) rights |= LL_FS_REFER;
    if (abi >= 3) rights |= LL_FS_TRUNCATE;
    if (abi >= 5) rights |= LL_FS_IOCTL_DEV;
    return rights;
}

uint64_t llmdo_landlock_read_rights(void) { return LL_FS_READ_FILE | LL_FS_READ_DIR; }

uint64_t llmdo_landlock_execute_right(void) { return LL_FS_EXECUTE; }

int llmdo_landlock_ruleset(int abi) {
    struct ll_ruleset_attr attr = {.handled_access_fs = llmdo_landlock_fs_rights(abi)};
    size_t size = offsetof(struct ll_ruleset_attr, handled_access_net);
    if (abi >= 4) {
        // Handled with no rule allowing them: every TCP bind and connect is refused.
        attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
        size = offsetof(struct ll_ruleset_attr, scoped);
    }
    if (abi >= 6) {
        attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL;
        size = sizeof attr;
    }
    return (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
}

int llmdo_landlock_allow(int ruleset, const char *path, uint64_t access) {
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat info;
    if (fstat(fd, &info) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    if (!S_ISDIR(info.st_mode)) access &= LL_FILE_RIGHTS;
    struct ll_path_beneath_attr rule = {.allowed_access = access, .parent_fd = fd};
    long status = syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &rule, 0);
    int saved = errno;
    close(fd);
    errno = saved;
    return status == 0 ? 0 : -1;
}

int llmdo_sandbox_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

// ---- In the child (async-signal-safe calls only) ----

/// What the child reports through the status pipe when a step fails.
struct report {
    int stage;
    int error;
};

/// Reports the failed step and errno to the parent, then exits. Never returns.
static void fail(int status_fd, int stage) {
    struct report report = {stage, errno};
    // The parent reads exactly one report or end-of-file; a short write leaves it a partial
    // report, which it treats as "failed at an unknown stage".
    ssize_t ignored = write(status_fd, &report, sizeof report);
    (void)ignored;
    _exit(127);
}

/// Writes all of `text` to the file at `path` (a /proc/self file).
static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t length = strlen(text);
    ssize_t written = write(fd, text, length);
    int saved = errno;
    close(fd);
    errno = saved;
    return written == (ssize_t)length ? 0 : -1;
}

/// seccomp: socket() for IPv4/IPv6 and io_uring (which can open sockets by itself) fail with
/// EACCES; every other call is allowed. Only used where no network namespace can be made.
static int deny_inet_sockets(void) {
#if defined(__x86_64__)
#define LLMDO_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define LLMDO_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif
#ifdef LLMDO_AUDIT_ARCH
    struct sock_filter filter[] = {
        // A foreign architecture's syscall numbers mean other calls: refuse them all.
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, LLMDO_AUDIT_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#if defined(__x86_64__)
        // x32 calls (the same numbers with bit 30 set) are refused as a whole.
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
#endif
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_io_uring_setup, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 0, 4),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET6, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = {.len = (unsigned short)(sizeof filter / sizeof filter[0]), .filter = filter};
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

/// The child's side: set up, then exec. Never returns.
/// `fd`, or a close-on-exec copy of it above stderr when it is one of 0-2 (-1 stays -1).
static int above_stdio(int fd) { return fd >= 0 && fd < 3 ? fcntl(fd, F_DUPFD_CLOEXEC, 3) : fd; }

static void run_child(const struct llmdo_spawn_spec *spec, pid_t parent, int status_fd) {
    status_fd = above_stdio(status_fd);
    // Its own session and process group: the parent kills the whole group with kill(-pid), and a
    // terminal's signals meant for llmdo do not reach it.
    if (setsid() < 0) fail(status_fd, LLMDO_STAGE_SESSION);
    // Killed when the parent thread exits, whatever ends it (SIGKILL of llmdo included). If the
    // parent died before the signal was armed, the child was already reparented: stop now.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) fail(status_fd, LLMDO_STAGE_PARENT_DEATH);
    if (getppid() != parent) _exit(127);

    // Dispositions the host ignores (SIGPIPE) survive exec: back to the defaults, nothing blocked.
    struct sigaction defaults;
    memset(&defaults, 0, sizeof defaults);
    defaults.sa_handler = SIG_DFL;
    for (int signal = 1; signal < NSIG; signal++) {
        if (signal != SIGKILL && signal != SIGSTOP) sigaction(signal, &defaults, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    // Sources above stderr first: if llmdo runs with a standard descriptor closed, a pipe may
    // sit at 0-2, and one dup2 would overwrite another (or keep its close-on-exec flag).
    int input = above_stdio(spec->stdin_fd >= 0 ? spec->stdin_fd : open("/dev/null", O_RDONLY | O_CLOEXEC));
    int out = above_stdio(spec->stdout_fd);
    int err = above_stdio(spec->stderr_fd);
    if (input < 0 || out < 0 || err < 0 || dup2(input, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
        fail(status_fd, LLMDO_STAGE_DESCRIPTORS);
    }

    if (spec->network == LLMDO_NETWORK_NAMESPACE) {
        if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) fail(status_fd, LLMDO_STAGE_NAMESPACE);
        // The same ids inside as outside, so files keep their owners; setgroups must be denied
        // before an unprivileged process may write gid_map.
        if (write_file("/proc/self/setgroups", "deny") != 0 || write_file("/proc/self/uid_map", spec->uid_map) != 0
            || write_file("/proc/self/gid_map", spec->gid_map) != 0) {
            fail(status_fd, LLMDO_STAGE_ID_MAP);
        }
    }
    if (chdir(spec->directory) != 0) fail(status_fd, LLMDO_STAGE_DIRECTORY);
    // No setuid/file-capability gains through exec; Landlock and seccomp require it.
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail(status_fd, LLMDO_STAGE_NO_NEW_PRIVS);
    if (spec->network == LLMDO_NETWORK_SECCOMP && deny_inet_sockets() != 0) fail(status_fd, LLMDO_STAGE_SECCOMP);
    if (spec->landlock_ruleset >= 0) {
        if (syscall(SYS_landlock_restrict_self, spec->landlock_ruleset, 0) != 0) fail(status_fd, LLMDO_STAGE_LANDLOCK);
    }
    // Every descriptor above stderr closes at exec (the status pipe is close-on-exec already, so
    // exec success shows as end-of-file to the parent). CLOSE_RANGE_CLOEXEC is 1 << 2.
    if (syscall(SYS_close_range, 3U, ~0U, 1U << 2) != 0) {
        for (int fd = 3; fd < 65536; fd++) {
            if (fd != status_fd) close(fd);
        }
    }
    execve(spec->path, spec->argv, spec->envp);
    fail(status_fd, LLMDO_STAGE_EXEC);
}

int llmdo_sandbox_spawn(const struct llmdo_spawn_spec *spec, pid_t *pid, int *stage, int *error) {
    int status[2];
    if (pipe2(status, O_CLOEXEC) != 0) {
        *stage = LLMDO_STAGE_FORK;
        *error = errno;
        return -1;
    }
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        *stage = LLMDO_STAGE_FORK;
        *error = errno;
        close(status[0]);
        close(status[1]);
        return -1;
    }
    if (child == 0) {
        close(status[0]);
        run_child(spec, parent, status[1]);
    }
    close(status[1]);
    // End-of-file: the child executed the program. A report: it failed and exited.
    struct report report = {0, 0};
    ssize_t count;
    do {
        count = read(status[0], &report, sizeof report);
    } while (count < 0 && errno == EINTR);
    close(status[0]);
    if (count == 0) {
        *pid = child;
        return 0;
    }
    *stage = count == (ssize_t)sizeof report ? report.stage : LLMDO_STAGE_FORK;
    *error = count == (ssize_t)sizeof report ? report.error : EIO;
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
    }
    return -1;
}
