/// The toolsets every project can name without declaring them, by name (as in llm-do):
/// `filesystem_cwd`, `filesystem_cwd_ro`, `filesystem_project`, `filesystem_project_ro`,
/// `shell_readonly` and `shell_file_ops`.
///
/// `_cwd` toolsets work in the runtime's working directory, `_project` ones in the project root;
/// `_ro` toolsets have no `write_file`. (`package` so benchmarks can build programs with them.) Shell toolsets run in the working directory (as in llm-do).
package enum BuiltinToolsets {
    /// Every built-in toolset, by name.
    package static func all() -> [String: any Toolset] {
        let toolsets: [any Toolset] = [
            FilesystemToolset(name: "filesystem_cwd", base: .workingDirectory, readOnly: false),
            FilesystemToolset(name: "filesystem_cwd_ro", base: .workingDirectory, readOnly: true),
            FilesystemToolset(name: "filesystem_project", base: .projectRoot, readOnly: false),
            FilesystemToolset(name: "filesystem_project_ro", base: .projectRoot, readOnly: true),
            ShellToolset(name: "shell_readonly", rules: ShellRule.readOnly, base: .workingDirectory),
            ShellToolset(name: "shell_file_ops", rules: ShellRule.fileOps, base: .workingDirectory, writable: true),
        ]
        return Dictionary(uniqueKeysWithValues: toolsets.map { ($0.name, $0) })
    }
}
