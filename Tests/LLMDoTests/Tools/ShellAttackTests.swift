import Foundation
import Testing
@testable import LLMDo

/// The review's attacks on the shell tools, run for real through the runtime under `reject_all`
/// and `approve_all`: a scripted model makes each call. Whatever the allow-lists let through and
/// the gate approves, no file outside the base may be read (a canary secret never appears in a
/// result), created or changed, and no process may outlive the call.
///
/// The base folder sits inside a larger git repository that tracks the secret, next to it.
@Suite("Shell attacks", .serialized)
struct ShellAttackTests {
    static let canary = "CANARY-5be1d2-outside-the-project"

    /// One attack: the command and the toolset it is sent to.
    struct Attack: CustomTestStringConvertible, Sendable {
        var command: String
        var toolset = "shell_readonly"
        var testDescription: String { "\(toolset): \(command)" }
    }

    static let attacks: [Attack] = [
        // Abbreviated long options (the program resolves them; so must we).
        "sort --compress-prog=sh notes.txt", "sort --compress-program=sh notes.txt", "sort --compress=sh notes.txt",
        "sort --co=sh notes.txt", "sort -S1 --compress-p=sh notes.txt", "sort --outp=x notes.txt",
        "sort --output=../x notes.txt", "sort --temporary-d=../outside notes.txt", "sort --files0=list",
        "sort --random-source=../outside/secret -R notes.txt", "sort --rand=link -R notes.txt",
        "grep --derefer CANARY .", "grep --dereference-recursive CANARY .", "grep --fi=../outside/secret notes.txt",
        "grep --file=../outside/secret notes.txt", "grep --exclude-f=link -r x .", "wc --files0=list",
        "wc --files0-from=link", "ls --derefer out", "ls --dereference-command-line out", "tail --pid=1 -f notes.txt",
        // Values hidden in short clusters.
        "sort -uT../tmp notes.txt", "sort -uo x notes.txt", "sort -o x notes.txt", "sort -To notes.txt",
        "grep -cf/abs/file notes.txt", "grep -cf../outside/secret notes.txt", "grep -rf link .", "grep -rR CANARY .",
        "grep -R CANARY .", "grep -X egrep CANARY link", "ls -RL .", "ls -L out", "ls -lHR out", "head -5c link",
        // Operands that are outputs or outside the base.
        "uniq notes.txt -out", "uniq notes.txt out.txt", "uniq notes.txt -- -out", "uniq link",
        "cat link", "cat out/secret", "cat ../outside/secret", "cat -- ../outside/secret", "cat sub/../../outside/secret",
        "cat ./../outside/secret", "cat /proc/self/environ", "cat /proc/1/environ", "head -n 1 -- link",
        "tail -c 100 out/secret", "wc link", "grep -r CANARY ..", "grep -r CANARY out", "grep CANARY /etc/passwd",
        "grep -e CANARY sub/link", "ls ../outside", "ls -la out/", "find out", "find .. -name secret",
        // find's own grammar.
        "find . -exec cat {} \\;", "find . -execdir sh -c id \\;", "find . -fprint ../outside/x", "find -L . -name secret",
        "find . -follow -name secret", "find . -delete", "find . -newer ../outside/secret", "find . -files0-from list",
        "find . -fls x", "find . -ok rm {} \\;",
        // git: global options, writing options, the repository above the base.
        "git -c core.pager=sh log", "git -C .. log", "git log --output=../outside/x", "git diff --no-index link notes.txt",
        "git log --ext-diff", "git show HEAD:../outside/secret", "git log -p", "git show", "git log --all -p",
        "git log --show-signature", "git status --porc", "git diff --out=x", "git log --git-dir=../.git",
        // Not commands at all.
        "sh -c id", "env", "sort notes.txt > x", "grep x notes.txt; id", "tail -f notes.txt &", "ls $(id)",
        "python3 -c print(1)", "/bin/cat link",
    ].map { Attack(command: $0) } + [
        "mv -ft../outside notes.txt", "mv notes.txt ../outside/", "mv -t ../outside notes.txt",
        "mv --target-directory=../outside notes.txt", "mv --target=../outside notes.txt", "mv -S /../../x -b notes.txt sub",
        "mv link moved", "mv notes.txt out/", "mv --suff=../x -b notes.txt sub/notes.txt", "ls -RL .",
    ].map { Attack(command: $0, toolset: "shell_file_ops") }

    /// A fresh root: `project/` (the base), `outside/secret`, and a git repository over both.
    final class Fixture: Sendable {
        let root: TemporaryFolder
        var project: String { root.path + "/project" }

        init() throws {
            root = try TemporaryFolder()
            try root.write("outside/secret", ShellAttackTests.canary + "\n")
            try root.write("project/notes.txt", "b\na\nb\n")
            try root.write("project/list", "../outside/secret\0")
            try root.makeFolder("project/sub")
            try root.symlink("project/link", to: root.path + "/outside/secret")
            try root.symlink("project/out", to: root.path + "/outside")
            try root.symlink("project/sub/link", to: root.path + "/outside/secret")
            for arguments in [["init", "-q"], ["add", "outside", "project/notes.txt"], ["commit", "-qm", "one"]] {
                try git(arguments, in: root.path)
            }
        }

        /// Every file outside the project, with its contents (folders as empty entries).
        func outsideSnapshot() -> [String: Data] {
            var snapshot: [String: Data] = [:]
            let enumerator = FileManager.default.enumerator(atPath: root.path)
            while let relative = enumerator?.nextObject() as? String {
                guard relative != "project", !relative.hasPrefix("project/") else { continue }
                snapshot[relative] = FileManager.default.contents(atPath: root.path + "/" + relative) ?? Data()
            }
            return snapshot
        }
    }

    @Test("no attack reads, creates or changes a file outside the base, or leaves a process behind", arguments: attacks)
    func attack(_ attack: Attack) async throws {
        let fixture = try await offPool { try Fixture() }
        let before = try await offPool { fixture.outsideSnapshot() }
        for mode in [ApprovalMode.rejectAll, .approveAll] {
            let harness = ToolHarness(toolsets: [attack.toolset], approvalMode: mode)
            let outcome = try await harness.run(in: fixture.project, calls: [.call("1", "shell", ["command": .string(attack.command)])])
            let result = try #require(outcome.results.first)
            #expect(!result.content.contains(Self.canary), "\(mode): \(result.content)")
            #expect(!outcome.output.contains(Self.canary))
            let after = try await offPool { fixture.outsideSnapshot() }
            #expect(after == before, "\(mode): files outside the base changed")
            let left = try await offPool { ProcessTable.running(in: fixture.project) }
            #expect(left.isEmpty, "\(mode): a process outlived the call")
        }
    }

    @Test("the fixture is live: outside llmdo, the same commands do reach the secret")
    func fixtureIsLive() throws {
        let fixture = try Fixture()
        let cat = Process()
        cat.executableURL = URL(fileURLWithPath: "/bin/cat")
        cat.arguments = ["link"]
        cat.currentDirectoryURL = URL(fileURLWithPath: fixture.project)
        let pipe = Pipe()
        cat.standardOutput = pipe
        try cat.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        cat.waitUntilExit()
        #expect(output.contains(Self.canary))
    }
}

/// Runs git outside llmdo (fixtures), quietly, failing on a non-zero exit.
func git(_ arguments: [String], in folder: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", folder] + arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    if process.terminationStatus != 0 { throw CocoaError(.executableLoad) }
}
