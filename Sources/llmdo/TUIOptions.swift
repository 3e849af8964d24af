import ArgumentParser

/// `--tui`: the full-screen terminal interface (docs/cli.md, "The full-screen interface").
struct TUIOptions: ParsableArguments {
    @Flag(help: "Run in a full-screen terminal interface; with --chat it stays open for more messages.")
    var tui = false

    /// The combinations `--tui` refuses.
    func validate(json: Bool, headless: Bool) throws {
        guard tui else { return }
        if json || headless { throw ValidationError("--tui cannot be combined with --json or --headless") }
    }
}
