import ArgumentParser
import Foundation

/// The files of a new plugin project: the language's source and Makefile, plus a project.json,
/// an entry worker that uses the plugin's toolset, and a README.
struct Scaffold {
    enum Language: String, ExpressibleByArgument, CaseIterable {
        case c, swift, rust
    }

    let name: String
    let language: Language
    /// The name as an identifier (C, Rust crate, Swift module): '-' becomes '_'.
    let identifier: String
    private let files: [(path: String, contents: String)]

    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
    }

    /// - Throws: ``CLIFailure`` when the authoring files (header, Rust mirror, Swift kit) are not
    ///   found beside this llmdo or in its source tree.
    init(name: String, language: Language) throws {
        self.name = name
        self.language = language
        let safe = name.replacingOccurrences(of: "-", with: "_")
        identifier = safe.first?.isNumber == true ? "p_" + safe : safe
        guard let include = Installation.includeDirectory else { throw Self.missing("llmdo_tool.h") }
        let library = "lib\(name).so"
        var files: [(String, String)] = [
            ("project.json", Templates.project(library: library)),
            ("main.worker", Templates.worker(toolset: name)),
        ]
        switch language {
        case .c:
            files += [("\(name).c", Templates.cSource(name: name)),
                      ("Makefile", Templates.cMakefile(name: name, include: include))]
        case .rust:
            guard let mirror = Installation.rustMirror else { throw Self.missing("llmdo_tool.rs") }
            let contents: String
            do { contents = try String(contentsOfFile: mirror, encoding: .utf8) } catch {
                throw CLIFailure(message: "cannot read \(mirror): \(error.localizedDescription)", code: ExitStatus.runFailure)
            }
            files += [("lib.rs", Templates.rustSource(name: name)), ("llmdo_tool.rs", contents),
                      ("Makefile", Templates.rustMakefile(name: name, crate: identifier))]
        case .swift:
            guard let kit = Installation.swiftKit else { throw Self.missing("the LLMDoPluginKit sources") }
            files += [("\(identifier).swift", Templates.swiftSource(name: name)),
                      ("Makefile", Templates.swiftMakefile(name: name, module: identifier, include: include, kit: kit))]
        }
        files.append(("README.md", Templates.readme(name: name, language: language.rawValue, library: library)))
        self.files = files
    }

    /// Writes the files into `folder`, which must not exist or be empty.
    func write(to folder: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CLIFailure(message: "\(folder) exists and is not a folder", code: ExitStatus.usage)
            }
            let entries = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
            guard entries.isEmpty else {
                throw CLIFailure(message: "\(folder) already exists and is not empty; choose another --dir", code: ExitStatus.usage)
            }
        }
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for file in files {
                try file.contents.write(toFile: "\(folder)/\(file.path)", atomically: true, encoding: .utf8)
            }
        } catch {
            throw CLIFailure(message: "cannot write \(folder): \(error.localizedDescription)", code: ExitStatus.runFailure)
        }
    }

    private static func missing(_ what: String) -> CLIFailure {
        CLIFailure(
            message: "\(what) is not installed next to this llmdo (make install) nor in its source tree",
            code: ExitStatus.runFailure)
    }
}
