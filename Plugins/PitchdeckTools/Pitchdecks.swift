import Glibc
import LLMDoPluginKit

/// One pitch deck found in a folder, and where its evaluation goes.
struct Pitchdeck {
    /// Relative to the project root, e.g. `input/acme-robotics.pdf`.
    var file: String
    var slug: String
    /// `evaluations/<slug>.md`.
    var outputPath: String

    var json: String {
        #"{"file":\#(JSONText.string(file)),"slug":\#(JSONText.string(slug)),"output_path":\#(JSONText.string(outputPath))}"#
    }
}

/// Why decks could not be listed.
struct PitchdeckError: Error {
    var message: String
    /// True when the model should fix its arguments (a bad path) rather than give up.
    var isRetry: Bool
}

enum Pitchdecks {
    /// The PDFs in `folder` (relative to `root`, which it may not leave), sorted by name.
    static func list(in folder: String, root: String) throws(PitchdeckError) -> [Pitchdeck] {
        let segments = folder.split(separator: "/")
        guard !folder.hasPrefix("/"), !segments.contains("..") else {
            throw PitchdeckError(message: "path must be a folder inside the project, without '..': \(folder)", isRetry: true)
        }
        guard let directory = opendir("\(root)/\(folder)") else {
            throw PitchdeckError(message: "cannot open folder '\(folder)': \(String(cString: strerror(errno)))", isRetry: true)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.lowercased().hasSuffix(".pdf"), !name.hasPrefix(".") { names.append(name) }
        }
        let prefix = segments.joined(separator: "/")
        return names.sorted().map { name in
            let slug = slug(for: String(name.dropLast(4)))
            return Pitchdeck(file: prefix.isEmpty ? name : "\(prefix)/\(name)", slug: slug, outputPath: "evaluations/\(slug).md")
        }
    }

    /// Lowercase ASCII letters and digits joined by single hyphens ("Acme Robotics_v2" → "acme-robotics-v2").
    static func slug(for stem: String) -> String {
        var out = ""
        for scalar in stem.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "deck" : out
    }

    /// Writes `text` to `root/path` atomically (a temporary file, then rename), creating the folder.
    static func writeAtomically(_ text: String, to path: String, root: String) -> String? {
        let full = "\(root)/\(path)"
        if let slash = full.lastIndex(of: "/") {
            let folder = String(full[..<slash])
            if mkdir(folder, 0o755) != 0, errno != EEXIST { return "cannot create \(folder): \(String(cString: strerror(errno)))" }
        }
        let temporary = "\(full).tmp-\(getpid())"
        guard let file = fopen(temporary, "w") else { return "cannot write \(temporary): \(String(cString: strerror(errno)))" }
        let bytes = Array(text.utf8)
        let written = fwrite(bytes, 1, bytes.count, file)
        let closed = fclose(file)
        guard written == bytes.count, closed == 0, rename(temporary, full) == 0 else {
            unlink(temporary)
            return "cannot write \(full): \(String(cString: strerror(errno)))"
        }
        return nil
    }
}
