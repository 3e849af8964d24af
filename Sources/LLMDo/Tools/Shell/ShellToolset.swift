import Foundation
import Synchronization

/// A built-in shell toolset (`shell_readonly`, `shell_file_ops`): one tool, `shell(command,
/// timeout?)`, driven by ``ShellRule``s.
///
/// Two layers stand between the model and the system. First, a command is parsed with POSIX
/// quoting (``ShellCommandParser``), matched against the rules' allow-lists (``CommandSyntax``,
/// ``FindSyntax``), and the paths it names are confined to the base folder (``ShellArguments``).
/// Then it runs without a shell, in the base folder, under the OS sandbox (``Sandbox``,
/// ``Subprocess``) with a scrubbed environment (``ShellEnvironment``). Whether a call needs
/// approval is decided per call from the matching rule; refused commands need no approval because
/// they never run. Refusals are ``ToolError/failed(_:)``, like the file tools'.
struct ShellToolset: Toolset {
    let name: String
    let rules: [ShellRule]
    /// The folder commands run in and may name paths inside.
    let base: BaseFolder.Location
    /// Whether commands may change files in the base folder (the sandbox's write access).
    var writable = false
    /// Set once the "no OS sandbox" warning was shown for this toolset.
    let warned = Warned()

    /// Seconds a command may run when the call gives no `timeout`, and the most it may ask for.
    static let defaultTimeout = 30
    static let maxTimeout = 300
    /// Bytes kept of each of stdout and stderr.
    static let outputLimit = 64 * 1024

    /// A flag set once.
    final class Warned: Sendable {
        private let flag = Mutex(false)
        /// True the first time only.
        func first() -> Bool {
            flag.withLock { seen in
                defer { seen = true }
                return !seen
            }
        }
    }

    var tools: [ToolDefinition] {
        let allowed = rules.map { $0.prefix.joined(separator: " ") }.joined(separator: ", ")
        return [
            ToolDefinition(
                name: "shell",
                description: """
                    Run one command in the base folder, without a shell: arguments are split with POSIX \
                    quoting, and pipes, redirection, `;`, `&`, substitution and variables are refused. \
                    Each command accepts only its listed options. Paths must stay inside the base folder \
                    (no absolute paths, no '..'). Allowed commands: \(allowed). Returns {exit_code, stdout, \
                    stderr, truncated, timed_out}.
                    """,
                parametersSchema: [
                    "type": "object",
                    "properties": [
                        "command": ["type": "string", "description": "The command line, e.g. grep -rn TODO src", "examples": ["ls"]],
                        "timeout": [
                            "type": "integer", "minimum": 1, "maximum": .int(Int64(Self.maxTimeout)),
                            "default": .int(Int64(Self.defaultTimeout)), "description": "Seconds before the command is killed.",
                        ],
                    ],
                    "required": ["command"],
                    "additionalProperties": false,
                ],
                approval: rules.contains { $0.approvalRequired } ? .perCall : .preApproved)
        ]
    }

    func makeInstance(context: ToolsetContext) async throws -> any ToolsetInstance {
        Instance(toolset: self, folder: try base.folder(in: context))
    }

    struct Instance: ToolsetInstance {
        let toolset: ShellToolset
        let folder: BaseFolder

        func approvalNeed(tool: String, arguments: JSONValue) -> ApprovalNeed {
            let command = arguments["command"]?.stringValue ?? ""
            // A command that will be refused needs no approval: it never runs.
            guard case .run(let gated, _)? = try? check(command).1 else { return ApprovalNeed(required: false) }
            return ApprovalNeed(required: gated, description: "run: \(command)")
        }

        func call(tool: String, arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
            let output = try await run(arguments)
            if let reason = Sandbox.degradation, toolset.warned.first() {
                invocation.scope.emit(.warning(WarningEvent(message: "shell tools run without an OS sandbox: \(reason)")))
            }
            return output
        }

        /// The tool body, independent of a runtime (tests and benchmarks call it).
        func run(_ arguments: JSONValue) async throws(ToolError) -> ToolOutput {
            guard let command = arguments["command"]?.stringValue else { throw ToolError.retry("'command' must be a string") }
            let seconds = arguments["timeout"]?.int64Value.map { Int(clamping: $0) } ?? ShellToolset.defaultTimeout
            guard (1...ShellToolset.maxTimeout).contains(seconds) else {
                throw ToolError.retry("'timeout' must be between 1 and \(ShellToolset.maxTimeout) seconds")
            }
            // Checked again here, whatever approvalNeed said: the gate is not the only caller.
            let (parsed, _) = try check(command)
            let result = try await Subprocess.run(
                ShellEnvironment.hardened(parsed), in: folder.root, environment: ShellEnvironment.variables(base: folder.root),
                sandbox: SandboxPolicy(base: folder.root, writable: toolset.writable), timeout: .seconds(seconds),
                outputLimit: ShellToolset.outputLimit)
            return .json(Self.render(result, seconds: seconds))
        }

        /// Parses, matches and confines a command.
        func check(_ command: String) throws(ToolError) -> (arguments: [String], ShellRule.Verdict) {
            let arguments = try ShellCommandParser.parse(command)
            let verdict = ShellRule.verdict(for: arguments, rules: toolset.rules)
            switch verdict {
            case .refused(let message): throw ToolError.failed(message)
            case .run(_, let paths): try ShellArguments.confine(paths, to: folder)
            }
            return (arguments, verdict)
        }

        static func render(_ result: Subprocess.Result, seconds: Int) -> JSONValue {
            var object: JSONObject = [
                "exit_code": .int(Int64(result.exitCode)),
                "stdout": .string(text(result.stdout, stream: "stdout")),
                "stderr": .string(text(result.stderr, stream: "stderr")),
                "truncated": .bool(result.stdout.dropped > 0 || result.stderr.dropped > 0),
                "timed_out": .bool(result.timedOut),
            ]
            if result.timedOut {
                object["note"] = .string("the command did not finish within \(seconds) s and was killed")
            }
            return .object(object)
        }

        private static func text(_ captured: Subprocess.Captured, stream: String) -> String {
            let text = String(decoding: captured.bytes, as: UTF8.self)
            guard captured.dropped > 0 else { return text }
            return text + "\n[… \(CountText.grouped(captured.dropped)) more bytes of \(stream) truncated]"
        }
    }
}
