import Testing
@testable import LLMDo

@Suite struct ManifestTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var manifest: String
        var expected: String
        var testDescription: String { expected }
    }

    static let badManifests: [Case] = [
        Case(manifest: #"{"version": 1, "worker_files": ["a.worker"],"#, expected: "project.json:1: invalid JSON"),
        Case(manifest: #"{"version": 2, "worker_files": ["main.worker"]}"#, expected: "version: unsupported manifest version 2"),
        Case(manifest: #"{"worker_files": ["main.worker"]}"#, expected: "version: missing; expected 1"),
        Case(manifest: #"{"version": 1, "worker_file": ["main.worker"]}"#, expected: "worker_file: unknown key; did you mean 'worker_files'?"),
        Case(manifest: #"{"version": 1, "python_files": ["tools.py"], "worker_files": ["main.worker"]}"#, expected: "python_files: llmdo loads tools from shared-library plugins: list them under 'plugin_files'"),
        Case(manifest: #"{"version": 1, "runtime": {"max_depth": 0}, "worker_files": ["main.worker"]}"#, expected: "runtime.max_depth: expected an integer ≥ 1, found 0"),
        Case(manifest: #"{"version": 1, "runtime": {"approval_mode": "ask"}, "worker_files": ["main.worker"]}"#, expected: "runtime.approval_mode: expected one of \"prompt\", \"approve_all\", \"reject_all\", found \"ask\""),
        Case(manifest: #"{"version": 1, "runtime": {"aproval_mode": "prompt"}, "worker_files": ["main.worker"]}"#, expected: "runtime.aproval_mode: unknown key; did you mean 'approval_mode'?"),
        Case(manifest: #"{"version": 1, "worker_files": ["main.worker", "main.worker"]}"#, expected: "worker_files[1]: duplicate path 'main.worker'"),
        Case(manifest: #"{"version": 1, "worker_files": [""]}"#, expected: "worker_files[0]: empty path"),
        Case(manifest: #"{"version": 1, "worker_files": "main.worker"}"#, expected: "worker_files: expected an array of file paths, found string"),
        Case(manifest: #"{"version": 1}"#, expected: "worker_files: the project lists no files"),
        Case(manifest: #"{"version": 1, "worker_files": ["missing.worker"]}"#, expected: "worker_files[0]: worker file 'missing.worker' not found"),
        Case(manifest: #"{"version": 1, "allow_cli_input": "yes", "worker_files": ["main.worker"]}"#, expected: "allow_cli_input: expected true or false, found string"),
        Case(manifest: #"{"version": 1, "runtime": {"worker_approval_overrides": {"x": {"calls": true}}}, "worker_files": ["main.worker"]}"#, expected: "runtime.worker_approval_overrides.x.calls: unknown key"),
        Case(manifest: #"{"version": 1, "runtime": {"usage_limits": {"max_requests": -1}}, "worker_files": ["main.worker"]}"#, expected: "runtime.usage_limits.max_requests: expected an integer ≥ 1, found -1"),
        Case(manifest: #"{"version": 1, "worker_files": ["main.worker\u0000.txt"]}"#, expected: "worker_files[0]: the path \"main.worker\\0.txt\" contains the control character U+0000"),
        Case(manifest: #"{"version": 1, "worker_files": ["main.worker"], "plugin_files": ["lib\u0000x.so"]}"#, expected: "plugin_files[0]: the path \"lib\\0x.so\" contains the control character U+0000"),
        Case(manifest: #"[1, 2]"#, expected: "expected a JSON object at the top level, found array"),
        Case(manifest: #"{"version": 1, "plugin_files": [{"path": "x.so", "isolation": "sandbox"}]}"#, expected: "plugin_files[0].isolation: expected \"none\" or \"process\", found \"sandbox\""),
        Case(manifest: #"{"version": 1, "plugin_files": [{"isolation": "process"}]}"#, expected: "plugin_files[0]: missing 'path' (the plugin file)"),
        Case(manifest: #"{"version": 1, "plugin_files": [{"path": "x.so", "timeout": 3}]}"#, expected: "plugin_files[0].timeout: unknown key; did you mean 'timeout_s'?"),
        Case(manifest: #"{"version": 1, "plugin_files": [{"path": "x.so", "timeout_s": 0}]}"#, expected: "plugin_files[0].timeout_s: expected an integer ≥ 1, found 0"),
        Case(manifest: #"{"version": 1, "plugin_files": [{"path": "x.so", "memory_mb": 16}]}"#, expected: "plugin_files[0].memory_mb: expected at least 128 (MiB"),
        Case(manifest: #"{"version": 1, "plugin_files": [{"path": "x.so"}, "x.so"]}"#, expected: "plugin_files[1]: duplicate path 'x.so'"),
        Case(manifest: #"{"version": 1, "plugin_files": [3]}"#, expected: "plugin_files[0]: expected a file path string or an object like {\"path\": \"libx.so\", \"isolation\": \"process\"}, found integer"),
        Case(manifest: #"{"version": 1, "worker_files": [{"path": "main.worker"}]}"#, expected: "worker_files[0]: expected a file path string, found object"),
        Case(manifest: #"{"version": 1, "runtime": {"plugin_isolation": "all"}, "worker_files": ["main.worker"]}"#, expected: "runtime.plugin_isolation: expected \"none\" or \"process\", found \"all\""),
    ]

    @Test(arguments: badManifests)
    func rejectsBadManifest(_ testCase: Case) throws {
        let project = try TemporaryProject(files: [
            "project.json": testCase.manifest,
            "main.worker": workerFile("name: main\nentry: true\nmodel: test"),
        ])
        let diagnostics = project.diagnostics()
        #expect(diagnostics.contains { $0.contains(testCase.expected) }, "got \(diagnostics)")
        #expect(diagnostics.allSatisfy { $0.hasPrefix(project.root) })
    }

    @Test func reportsEveryProblemAtOnce() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 3, "runtime": {"max_depth": "x", "approval_mode": 1}, "extra": true}"#
        ])
        #expect(project.diagnostics().count == 4)
    }

    @Test func readsEveryField() throws {
        let project = try TemporaryProject(files: [
            "project.json": """
                {"version": 1, "runtime": {"approval_mode": "reject_all", "max_depth": 3, "return_permission_errors": true,
                 "worker_calls_require_approval": true, "worker_attachments_require_approval": true,
                 "worker_approval_overrides": {"main": {"calls_require_approval": false}},
                 "max_retries": 1, "usage_limits": {"max_requests": 10, "max_tool_calls": 20}},
                 "allow_cli_input": false, "entry": {"input": "hello"}, "worker_files": ["main.worker"]}
                """,
            "main.worker": workerFile("name: main\nentry: true"),
        ])
        let manifest = try project.load().manifest
        #expect(manifest.runtime.approvalMode == .rejectAll)
        #expect(manifest.runtime.maxDepth == 3)
        #expect(manifest.runtime.returnPermissionErrors)
        #expect(manifest.runtime.workerCallsRequireApproval)
        #expect(manifest.runtime.workerAttachmentsRequireApproval)
        #expect(manifest.runtime.workerApprovalOverrides["main"]?.callsRequireApproval == false)
        #expect(manifest.runtime.maxRetries == 1)
        #expect(manifest.runtime.usageLimits == UsageLimits(maxRequests: 10, maxToolCalls: 20))
        #expect(!manifest.allowCLIInput)
        #expect(manifest.entryInput == "hello")
    }

    @Test func readsPluginSettings() throws {
        let text = #"""
            {"version": 1, "runtime": {"plugin_isolation": "none"},
             "plugin_files": ["a.so", {"path": "./b.so", "isolation": "process", "timeout_s": 30, "memory_mb": 512}]}
            """#
        let manifest = try ManifestParser.parse(text: text, path: "/p/project.json")
        #expect(manifest.runtime.pluginIsolation == PluginIsolation.inProcess)
        #expect(manifest.pluginFiles == ["a.so", "./b.so"])
        #expect(manifest.pluginSettings == ["./b.so": PluginSettings(isolation: .process, timeoutSeconds: 30, memoryMB: 512)])
    }

    @Test func folderMeansItsProjectJSON() throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["workers/main.worker"]}"#,
            "workers/main.worker": workerFile("name: main\nentry: true"),
        ])
        let program = try ProjectLoader.load(path: project.root)
        #expect(program.projectRoot == project.root)
        #expect(program.workers["main"]?.file == "workers/main.worker")
    }
}
