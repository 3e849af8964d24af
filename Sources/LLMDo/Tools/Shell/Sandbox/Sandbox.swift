import CSandbox
import Foundation

/// The OS layer under every shell tool subprocess, the second of the shell's two layers (the
/// first is the allow-lists, ``CommandSyntax``).
///
/// A sandboxed child (``Subprocess``) leads its own session and process group, dies with the
/// thread that started it (`PR_SET_PDEATHSIG`), has `no_new_privs`, no network (a new user and
/// network namespace, or where unprivileged namespaces are unavailable a seccomp filter on
/// IPv4/IPv6 sockets), and, under Landlock, sees only: the base folder (read-only, or read-write
/// for ``SandboxPolicy/writable``), the system's program and library folders read-only, a few
/// files of `/etc`, `/dev/null`, and may execute only the program it was started as and its ELF
/// interpreter. Not `/proc`, `/tmp`, `$HOME`, or any other process.
enum Sandbox {
    /// The kernel's Landlock ABI version (0: none). Read once: it cannot change while we run.
    static let landlockABI: Int32 = llmdo_landlock_abi()

    /// How children are cut off from the network, probed once by starting a child in a new user
    /// and network namespace.
    static let network: llmdo_network_isolation = {
        let probe = Subprocess.probeNamespaces()
        return probe ? LLMDO_NETWORK_NAMESPACE : LLMDO_NETWORK_SECCOMP
    }()

    /// Why the sandbox is incomplete on this machine, or `nil` when it is whole. Shown once as
    /// `warning: shell tools run without an OS sandbox: <reason>`.
    static var degradation: String? {
        var reasons: [String] = []
        if landlockABI == 0 {
            reasons.append("this kernel offers no Landlock (Linux 5.13 or later with landlock in the LSM list is needed); commands are confined by their allow-lists only, and git is refused")
        }
        if network == LLMDO_NETWORK_SECCOMP {
            reasons.append("unprivileged user namespaces are unavailable, so the network is cut by a seccomp filter on IPv4/IPv6 sockets instead of a network namespace")
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    /// Whether a command may run without Landlock. git reads a repository's config, attributes and
    /// object store, any of which can name programs or files outside the base; only Landlock
    /// (which then forbids executing anything but git) makes that safe.
    static func allowsWithoutLandlock(_ program: String) -> Bool { program != "git" }
}

/// What a sandboxed command may touch.
package struct SandboxPolicy: Sendable {
    /// The folder the command works in, and the only one of the user's it may read.
    package var base: String
    /// Whether it may also create, change and remove files there (`shell_file_ops`).
    package var writable: Bool
    /// How the network is cut off; `nil` for what this machine offers (``Sandbox/network``,
    /// probed on first use, off the cooperative pool). Tests of the seccomp fallback choose it.
    var network: llmdo_network_isolation? = nil

    package init(base: String, writable: Bool) {
        self.base = base
        self.writable = writable
    }
}
