import Foundation
import LLMDo

/// What a path given on the command line is, before it is read as a project: a newcomer's
/// `llmdo check libx.so.1`, `llmdo examples` or `llmdo README.md` gets told what it named and what
/// was expected, instead of a JSON or UTF-8 error about a file that was never a manifest.
enum ProjectPath {
    /// The file to load when `target` names a shared library (a plugin) rather than a project:
    /// a name ending in `.so` or a versioned `.so.N`, or an existing regular file that starts with
    /// the ELF signature; `nil` for anything else (a folder, whatever its name, is a project). A bare file name that exists is that file
    /// (`./libx.so`), even without a '/' (a bare name in a manifest is searched for instead).
    static func pluginFile(_ target: String) -> String? {
        let name = (target as NSString).lastPathComponent
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue { return nil }
        guard name.hasSuffix(".so") || name.contains(".so.") || startsWith(target, Array("\u{7F}ELF".utf8)) else { return nil }
        return !target.contains("/") && FileManager.default.fileExists(atPath: target) ? "./\(target)" : target
    }

    /// Throws when `path` is clearly not a project: a worker file (`.worker`, `.agent`), a plugin or other compiled
    /// file, a file that is not JSON, or a folder without a `project.json` (naming the subfolders
    /// that have one).
    static func refuseNonProject(_ path: String) throws(ProjectError) {
        let expected = "pass the project.json or the folder that holds it"
        if path.hasSuffix(".worker") || path.hasSuffix(".agent") {
            throw ProjectError(ProjectDiagnostic(file: path, message: "this is a worker file, not a project; \(expected)"))
        }
        if pluginFile(path) != nil {
            throw ProjectError(ProjectDiagnostic(
                file: path,
                message: "this is a shared library (a plugin) or other compiled file, not a project; \(expected) "
                    + "(`llmdo tools \(path)` lists a plugin's tools)"))
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return }
        if isFolder.boolValue {
            let manifest = (path as NSString).appendingPathComponent("project.json")
            guard !FileManager.default.fileExists(atPath: manifest) else { return }
            let projects = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().filter {
                FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("\($0)/project.json"))
            }
            let hint = projects.isEmpty ? "" : "; its subfolders \(projects.prefix(5).joined(separator: ", "))\(projects.count > 5 ? ", …" : "") are projects"
            throw ProjectError(ProjectDiagnostic(file: path, message: "this folder has no project.json, so it is not a project\(hint)"))
        }
        // A manifest may have any name, but it is a JSON object: a file that does not start like
        // one (a README, a prompt) was not meant as one. A broken project.json still gets the
        // parser's line and column.
        if !path.hasSuffix(".json"), !startsWith(path, Array("{".utf8), skippingWhitespace: true) {
            throw ProjectError(ProjectDiagnostic(file: path, message: "this is not a project manifest (a JSON object); \(expected)"))
        }
    }

    /// Whether a regular file starts with `prefix` (never opening a FIFO or device, which could block).
    private static func startsWith(_ path: String, _ prefix: [UInt8], skippingWhitespace: Bool = false) -> Bool {
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        guard type == .typeRegular, let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        var head = [UInt8]((try? handle.read(upToCount: 256)) ?? Data())
        if skippingWhitespace { head = Array(head.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) }
        return head.starts(with: prefix)
    }
}
