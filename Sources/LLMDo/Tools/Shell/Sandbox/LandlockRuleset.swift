import CSandbox
import Foundation

/// A Landlock ruleset for one command, built before fork (the child only enters it).
enum LandlockRuleset {
    /// System folders and files a command reads: programs, libraries, locales, time zones, and the
    /// few files of `/etc` that the C library and `ls -l` read.
    static let systemReadable = [
        "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
        "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/nsswitch.conf",
        "/etc/passwd", "/etc/group", "/dev/zero", "/dev/urandom",
    ]

    /// The ruleset's descriptor, or -1 when the kernel has no Landlock. The caller closes it.
    ///
    /// - Parameter program: the absolute path of the program; it and its ELF interpreter are the
    ///   only files the command may execute.
    /// - Throws: ``ToolError/failed(_:)`` when a rule cannot be made.
    static func make(for policy: SandboxPolicy, program: String) throws(ToolError) -> Int32 {
        let abi = Sandbox.landlockABI
        guard abi > 0 else { return -1 }
        let ruleset = llmdo_landlock_ruleset(abi)
        guard ruleset >= 0 else { throw failure("cannot create a Landlock ruleset") }
        let read = llmdo_landlock_read_rights()
        let execute = llmdo_landlock_execute_right()
        let all = llmdo_landlock_fs_rights(abi)
        var rules: [(path: String, access: UInt64, required: Bool)] = systemReadable.map { ($0, read, false) }
        rules.append(("/dev/null", all & ~execute, false))
        rules.append((policy.base, policy.writable ? all & ~execute : read, true))
        for path in [program] + (ElfInterpreter.path(of: program).map { [$0] } ?? []) {
            rules.append((path, read | execute, true))
        }
        for rule in rules where llmdo_landlock_allow(ruleset, rule.path, rule.access) != 0 {
            guard rule.required || errno != ENOENT else { continue }
            let error = failure("cannot allow '\(rule.path)' in the sandbox")
            close(ruleset)
            throw error
        }
        return ruleset
    }

    private static func failure(_ message: String) -> ToolError {
        ToolError.failed("\(message): \(String(cString: strerror(errno)))")
    }
}
