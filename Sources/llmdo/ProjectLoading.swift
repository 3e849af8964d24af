import ArgumentParser
import Foundation
import LLMDo

/// How every command loads a project and reports what is wrong with it.
enum CLIProject {
    /// Loads and links a project, also refusing model names the CLI cannot resolve (in the
    /// workers, or `modelOverride` from `--model`).
    static func load(_ path: String, modelOverride: String? = nil, pluginIsolation: PluginIsolation? = nil) throws(ProjectError) -> Program {
        if path.hasSuffix(".worker") {
            throw ProjectError(ProjectDiagnostic(
                file: path, message: "this is a worker file; pass its project instead: the project.json or the folder that holds it"))
        }
        if pluginFile(path) != nil {
            throw ProjectError(ProjectDiagnostic(
                file: path,
                message: "this is a shared library (a plugin), not a project: pass the project.json or the folder that holds it "
                    + "(`llmdo tools \(path)` lists a plugin's tools)"))
        }
        let program = try ProjectLoader.load(path: path, pluginIsolation: pluginIsolation)
        let problems = program.unknownModelNames(modelOverride: modelOverride)
        if !problems.isEmpty { throw ProjectError(problems) }
        return program
    }

    /// ``load(_:modelOverride:pluginIsolation:)`` on the blocking pool, for async commands: loading
    /// reads files and opens plugins (`dlopen`, their `init`), which must not block the cooperative pool.
    static func load(
        _ path: String, modelOverride: String? = nil, pluginIsolation: PluginIsolation? = nil
    ) async throws(ProjectError) -> Program {
        try await BlockingPool.current.runToCompletion {
            Result { () throws(ProjectError) in try load(path, modelOverride: modelOverride, pluginIsolation: pluginIsolation) }
        }.get()
    }

    /// The file to load when `target` names a shared library (a plugin) rather than a project:
    /// a name ending in `.so` or a versioned `.so.N`, or an existing regular file that starts with
    /// the ELF signature; `nil` for anything else. A bare file name that exists is that file
    /// (`./libx.so`), even without a '/' (a bare name in a manifest is searched for instead).
    static func pluginFile(_ target: String) -> String? {
        let name = (target as NSString).lastPathComponent
        guard name.hasSuffix(".so") || name.contains(".so.") || startsWithELFSignature(target) else { return nil }
        return !target.contains("/") && FileManager.default.fileExists(atPath: target) ? "./\(target)" : target
    }

    /// Reads four bytes of a regular file (never opening a FIFO or device, which could block).
    private static func startsWithELFSignature(_ path: String) -> Bool {
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        guard type == .typeRegular, let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) == Data([0x7F, 0x45, 0x4C, 0x46])
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
