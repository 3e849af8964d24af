import ArgumentParser
import Foundation
import LLMDo

/// How every command loads a project and reports what is wrong with it.
enum CLIProject {
    /// How strictly a command checks the workers' models when it loads a project.
    enum ModelChecking {
        /// Every worker's model must resolve, with its API key set (a run).
        case run
        /// Every model a worker names must resolve; what the environment must supply (a model
        /// for a worker without one, an API key) is a warning (`check`).
        case check
        /// Not checked: the command calls no worker by itself (`tools`, `call`).
        case skip
    }

    /// Loads and links a project, checks every worker's model as a run resolves it (with
    /// `modelOverride` from `--model`) as far as `models` asks, and prints the warnings.
    static func load(
        _ path: String, modelOverride: String? = nil, pluginIsolation: PluginIsolation? = nil, models: ModelChecking = .run
    ) throws(ProjectError) -> Program {
        if path.hasSuffix(".worker") || path.hasSuffix(".agent") {
            throw ProjectError(ProjectDiagnostic(
                file: path, message: "this is a worker file; pass its project instead: the project.json or the folder that holds it"))
        }
        let program = try ProjectLoader.load(path: path, pluginIsolation: pluginIsolation)
        var warnings = program.manifest.warnings
        if models != .skip {
            let check = program.checkModels(environment: ProcessInfo.processInfo.environment, modelOverride: modelOverride)
            let errors = check.errors + (models == .run ? check.environment : [])
            if !errors.isEmpty { throw ProjectError(errors) }
            if models == .check { warnings += check.environment }
        }
        for warning in warnings { Terminal.error("warning: \(warning)\n") }
        return program
    }

    /// ``load(_:modelOverride:pluginIsolation:models:)`` on the blocking pool, for async commands: loading
    /// reads files and opens plugins (`dlopen`, their `init`), which must not block the cooperative pool.
    static func load(
        _ path: String, modelOverride: String? = nil, pluginIsolation: PluginIsolation? = nil, models: ModelChecking = .run
    ) async throws(ProjectError) -> Program {
        try await BlockingPool.current.runToCompletion {
            Result { () throws(ProjectError) in try load(path, modelOverride: modelOverride, pluginIsolation: pluginIsolation, models: models) }
        }.get()
    }

    /// Reports a project error (and under `--json` its one JSON object) and returns the exit
    /// status to throw.
    static func fail(_ error: ProjectError, project: String, json: Bool) -> ExitCode {
        Terminal.error(report(error, project: project))
        if json { Terminal.result(CLIFailure(error).json) }
        return ExitCode(ExitStatus.usage)
    }

    /// The lines to print for a project error: each problem on its own `error:` line, then a count.
    static func report(_ error: ProjectError, project: String) -> String {
        var text = error.diagnostics.map { "error: \($0)\n" }.joined()
        let count = error.diagnostics.count
        if count > 1 { text += "\(count) errors in \(ProjectLoader.manifestPath(for: project))\n" }
        return text
    }
}

extension PluginIsolation: ExpressibleByArgument {}
