/// Keeps the paths a shell command names inside the base folder (DESIGN: a pre-approved
/// read-only command must not become a way to read outside it).
///
/// The paths are the operands and path-valued option values that the command's allow-list found
/// (``CommandSyntax``, ``FindSyntax``). Refused: an absolute path, a `..` segment, or a path that
/// resolves through a symlink to outside the base. For `REV:PATH` (git), the part after the colon
/// is checked too. The OS sandbox (``Sandbox``) backs this up for what a program opens by itself.
enum ShellArguments {
    /// - Throws: ``ToolError/failed(_:)`` naming the path.
    static func confine(_ paths: [String], to folder: BaseFolder) throws(ToolError) {
        for path in paths {
            for piece in pieces(of: path) where !piece.isEmpty {
                if piece.hasPrefix("/") {
                    throw ToolError.failed("the path '\(path)' is an absolute path; use paths relative to the base folder")
                }
                if piece.split(separator: "/").contains("..") {
                    throw ToolError.failed("the path '\(path)' uses '..'; stay inside the base folder")
                }
                do {
                    _ = try folder.resolve(String(piece))
                } catch {
                    throw ToolError.failed("the path '\(path)' is refused: \(error.message)")
                }
            }
        }
    }

    /// The parts of a path argument that may name a file.
    private static func pieces(of path: String) -> [Substring] {
        guard let colon = path.firstIndex(of: ":") else { return [Substring(path)] }
        return [Substring(path), path[path.index(after: colon)...]]
    }
}
