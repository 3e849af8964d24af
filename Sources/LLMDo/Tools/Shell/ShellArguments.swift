/// Keeps a shell command's arguments inside the base folder (DESIGN: a pre-approved read-only
/// command must not become a way to read outside it).
///
/// Refused: an argument (or the value of `--opt=value`, or of an attached short option such as
/// `-f/etc/passwd`) that is an absolute path, has a `..` segment, or resolves through a symlink
/// to outside the base. This also refuses patterns that merely look like such paths
/// (`grep /usr notes.txt`); refusing too much is the safe side.
enum ShellArguments {
    /// - Throws: ``ToolError/failed(_:)`` naming the argument.
    static func confine(_ arguments: ArraySlice<String>, to folder: BaseFolder) throws(ToolError) {
        for argument in arguments {
            for piece in pieces(of: argument) where !piece.isEmpty {
                if piece.hasPrefix("/") {
                    throw ToolError.failed("the argument '\(argument)' is an absolute path; use paths relative to the base folder")
                }
                if piece.split(separator: "/").contains("..") {
                    throw ToolError.failed("the argument '\(argument)' uses '..'; stay inside the base folder")
                }
                do {
                    _ = try folder.resolve(String(piece))
                } catch {
                    throw ToolError.failed("the argument '\(argument)' is refused: \(error.message)")
                }
            }
        }
    }

    /// The parts of an argument that may name a path.
    private static func pieces(of argument: String) -> [Substring] {
        var pieces = [Substring(argument)]
        guard argument.hasPrefix("-") else { return pieces }
        if let equals = argument.firstIndex(of: "=") { pieces.append(argument[argument.index(after: equals)...]) }
        if !argument.hasPrefix("--"), argument.count > 2 { pieces.append(argument.dropFirst(2)) }
        return pieces
    }
}
