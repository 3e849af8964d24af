// pitchdeck_tools: lists pitch decks (a tool) and evaluates them all (a code entry).
import LLMDoPluginKit
import LLMDoToolABI

private let listPitchdecks: @convention(c) (UnsafePointer<llmdo_ctx>?, UnsafePointer<CChar>?) -> Int32 = { context, path in
    guard let context else { return LLMDO_FAILED }
    do throws(PitchdeckError) {
        let decks = try Pitchdecks.list(in: path.map { String(cString: $0) } ?? "input", root: context.projectRoot)
        return context.setResult("[" + decks.map(\.json).joined(separator: ",") + "]")
    } catch {
        return error.isRetry ? context.retry(error.message) : context.fail(error.message)
    }
}

/// The code entry: input `{"path": "input"}` (optional). For each deck, asks the
/// `pitch_evaluator` worker for an evaluation and writes it to `evaluations/<slug>.md`.
private let evaluateAll: @convention(c) (UnsafePointer<llmdo_ctx>?, UnsafePointer<CChar>?) -> Int32 = { context, input in
    guard let context else { return LLMDO_FAILED }
    let folder = input.map { String(cString: $0) }.flatMap(pathMember) ?? "input"
    let root = context.projectRoot
    let decks: [Pitchdeck]
    do throws(PitchdeckError) { decks = try Pitchdecks.list(in: folder, root: root) } catch { return context.fail(error.message) }
    var written: [String] = []
    for deck in decks {
        if context.isCancelled { return LLMDO_CANCELLED }
        let request = #"{"input":\#(JSONText.string("Evaluate the attached pitch deck (\(deck.slug)).")),"attachments":[\#(JSONText.string(deck.file))]}"#
        switch context.callWorker("pitch_evaluator", inputJSON: request) {
        case .failure(let failure): return context.fail("evaluating \(deck.file): \(failure.message)")
        case .success(let output):
            if let problem = Pitchdecks.writeAtomically(markdown(fromWorkerOutput: output), to: deck.outputPath, root: root) {
                return context.fail(problem)
            }
            written.append(JSONText.string(deck.outputPath))
        }
    }
    return context.setResult(#"{"evaluations":[\#(written.joined(separator: ","))]}"#)
}

/// The `path` member of a flat JSON object like `{"path": "decks"}`, if any (the entry's only option).
private func pathMember(_ json: String) -> String? {
    guard let key = json.firstRange(of: #""path""#) else { return nil }
    let rest = json[key.upperBound...].drop { $0 == " " || $0 == ":" }
    guard rest.first == "\"" else { return nil }
    let value = rest.dropFirst().prefix { $0 != "\"" }
    return value.isEmpty ? nil : String(value)
}

/// A worker's output is JSON text; a string output is the Markdown itself.
private func markdown(fromWorkerOutput output: String) -> String {
    guard output.hasPrefix("\""), output.hasSuffix("\""), output.count >= 2 else { return output + "\n" }
    var text = ""
    var escaped = false
    for character in output.dropFirst().dropLast() {
        if escaped {
            switch character {
            case "n": text += "\n"
            case "t": text += "\t"
            default: text.append(character)
            }
            escaped = false
        } else if character == "\\" {
            escaped = true
        } else {
            text.append(character)
        }
    }
    return text.hasSuffix("\n") ? text : text + "\n"
}

private let plugin = Plugin(
    toolsets: [
        Toolset(
            "pitchdeck_tools", version: "1.0.0", "Finds pitch decks to evaluate.",
            functions: [
                Function(
                    "list_pitchdecks",
                    "Lists the PDF pitch decks in a project folder, each with a slug and the path its evaluation should be written to.",
                    parameters: [.string("path", "Folder inside the project to scan.", default: "input")], returns: .json,
                    takesContext: true, listPitchdecks)
            ])
    ],
    entries: [
        CodeEntry(
            "pitchdeck_eval", "Evaluates every pitch deck in input/ with the pitch_evaluator worker and writes evaluations/<slug>.md.",
            run: evaluateAll)
    ])

/// The plugin's one exported symbol.
@_cdecl("llmdo_entry_v1")
public func llmdoEntry(_ api: UnsafePointer<llmdo_host_api>?) -> UnsafePointer<llmdo_plugin>? { plugin.descriptor }
