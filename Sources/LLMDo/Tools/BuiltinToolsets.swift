/// The toolsets every project can name without declaring them (`filesystem_project`,
/// `shell_readonly`, …), by name.
enum BuiltinToolsets {
    /// Every built-in toolset, by name. (Placeholder until the built-in tools land.)
    static func all() -> [String: any Toolset] { [:] }
}
