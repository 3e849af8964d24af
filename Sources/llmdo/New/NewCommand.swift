import ArgumentParser
import Foundation

/// `llmdo new plugin NAME --lang c|swift|rust [--dir DIR]`: a buildable plugin with a project
/// that uses it; `make` then `llmdo check` pass out of the box.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Scaffold a tool plugin (source, Makefile, project, worker, README).",
        discussion: """
            llmdo new plugin inventory --lang c      # -> ./inventory/
            cd inventory && make && llmdo check . && llmdo call . inventory.hello '{"name": "Ada"}'
            """)

    @Argument(help: "What to create: plugin.")
    var kind: String

    @Argument(help: "The plugin's name (letters, digits, _ and -; at most 64): its toolset, library and folder name.")
    var name: String

    @Option(help: "The language: c, swift or rust.")
    var lang: Scaffold.Language

    @Option(help: "The folder to create (default: ./NAME). It must not exist or be empty.")
    var dir: String?

    func validate() throws {
        guard kind == "plugin" else { throw ValidationError("llmdo new can create: plugin (got '\(kind)')") }
        guard Scaffold.isValidName(name) else {
            throw ValidationError("'\(name)' is not a valid plugin name: use 1 to 64 letters, digits, '_' or '-'")
        }
    }

    func run() throws {
        let folder = dir ?? name
        do {
            let scaffold = try Scaffold(name: name, language: lang)
            try scaffold.write(to: folder)
        } catch let failure as CLIFailure {
            Terminal.error("error: \(failure.message)\n")
            throw ExitCode(failure.code)
        }
        let build = lang == .swift ? "make      # several seconds: swiftc compiles the plugin kit in" : "make"
        Terminal.output("""
            created \(folder)/ (\(lang.rawValue) plugin '\(name)')
              cd \(folder) && \(build)
              llmdo check .
              llmdo call . \(name).hello '{"name": "Ada"}'

            """)
    }
}
