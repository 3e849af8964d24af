import Foundation

/// What a shell command sees of llmdo's environment, and the git hardening.
///
/// The environment is built from scratch (an allow-list): a fixed `PATH`, the host's locale and
/// time zone, and settings that keep programs from waiting for a person. Nothing else of the
/// host's passes, so provider keys and tokens never reach a command.
///
/// git gets its global and system config ignored (`GIT_CONFIG_NOSYSTEM`, `GIT_CONFIG_GLOBAL`),
/// stops looking for a repository at the base folder (`GIT_CEILING_DIRECTORIES`: a base inside a
/// larger repository is not a repository to git, so nothing above the base is shown), takes no
/// optional locks, and has the keys by which a repository's own config names programs overridden
/// from the environment (which outranks `.git/config`). Keys that cannot be overridden that way
/// (`filter.<driver>.*` named by `.gitattributes`, `diff.<driver>.command`) are stopped by the
/// sandbox, which lets the command execute only the git binary itself.
enum ShellEnvironment {
    /// Host variables passed through: locale and time zone.
    static let passed = ["LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_COLLATE", "LC_MESSAGES", "LC_NUMERIC", "LC_TIME", "TZ"]

    private static let host: [String: String] = ProcessInfo.processInfo.environment.filter { passed.contains($0.key) }

    /// Config keys overridden for every git command: each one could name a program to run.
    static let gitOverrides: [(key: String, value: String)] = [
        ("core.fsmonitor", "false"), ("core.pager", "cat"), ("core.editor", "false"), ("sequence.editor", "false"),
        ("core.askPass", "false"), ("core.sshCommand", "false"), ("core.hooksPath", "/dev/null"),
        ("core.attributesFile", "/dev/null"), ("diff.external", ""), ("gpg.program", "false"),
        ("gpg.ssh.program", "false"), ("gpg.x509.program", "false"), ("log.showSignature", "false"),
        ("credential.helper", ""), ("protocol.allow", "never"), ("core.untrackedCache", "false"),
    ]

    /// The whole environment of a command run in `base`.
    static func variables(base: String) -> [String: String] {
        var environment = host
        environment["PATH"] = Subprocess.searchPath
        environment["TERM"] = "dumb"
        environment["PAGER"] = "cat"
        environment["GIT_PAGER"] = "cat"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_ATTR_NOSYSTEM"] = "1"
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["GIT_CEILING_DIRECTORIES"] = (base as NSString).deletingLastPathComponent
        environment["GIT_CONFIG_COUNT"] = String(gitOverrides.count)
        for (index, override) in gitOverrides.enumerated() {
            environment["GIT_CONFIG_KEY_\(index)"] = override.key
            environment["GIT_CONFIG_VALUE_\(index)"] = override.value
        }
        return environment
    }

    /// `git log|diff|show` without external diff programs or textconv filters, which a
    /// repository's config or .gitattributes could point at any program.
    static func hardened(_ arguments: [String]) -> [String] {
        guard arguments.count >= 2, arguments[0] == "git", ["log", "diff", "show"].contains(arguments[1]) else {
            return arguments
        }
        return [arguments[0], arguments[1], "--no-ext-diff", "--no-textconv"] + arguments.dropFirst(2)
    }
}
