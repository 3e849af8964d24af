import Foundation
import LLMDo
import Synchronization

/// llm-do's message log: every message a model request carries or a model answers, once (a
/// call's instructions first, as a `system` message), as one JSON object per line:
/// `{"seq": N, "worker": NAME, "depth": D, "message": {...}}`.
/// Values of the environment's key and token variables are redacted; attachments are logged by
/// name, type and size, not content.
final class MessageLog: RunInterceptor {
    /// Where lines go: this file, or stderr when nil.
    private let handle: FileHandle?
    private let redactor: Redactor
    /// The next sequence number, and how many messages of each worker call are logged already.
    private let state = Mutex((seq: 0, logged: [String: Int]()))

    /// A log written to `path` (created or truncated), or to stderr when `path` is nil.
    init(path: String?, environment: [String: String]) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw CLIFailure(message: "--log-file: cannot write '\(path)'", code: ExitStatus.usage)
            }
            self.handle = handle
        } else {
            handle = nil
        }
        redactor = Self.redactor(environment)
    }

    /// Secrets: the values of variables named like API keys and tokens.
    private static func redactor(_ environment: [String: String]) -> Redactor {
        Redactor(secrets: environment.filter { $0.key.hasSuffix("_KEY") || $0.key.contains("TOKEN") }.map(\.value))
    }

    func interceptModelRequest(
        _ request: ModelRequest, call: ModelCallInfo, next: (ModelRequest) async throws -> ModelResponse
    ) async throws -> ModelResponse {
        let key = call.path.callID
        let already = state.withLock { $0.logged[key] ?? 0 }
        // A call's first request starts with its instructions, logged as a "system" message.
        let system: [JSONValue] = already == 0 && !request.system.isEmpty ? [["role": "system", "parts": [["type": "text", "text": .string(request.system)]]]] : []
        write(system + request.messages.dropFirst(already).map(Self.json), call: call)
        let response = try await next(request)
        write([Self.json(response.message)], call: call)
        state.withLock { $0.logged[key] = request.messages.count + 1 }
        return response
    }

    private func write(_ messages: [JSONValue], call: ModelCallInfo) {
        var text = ""
        state.withLock { state in
            for message in messages {
                let record: JSONValue = [
                    "seq": .int(Int64(state.seq)), "worker": .string(call.worker), "depth": .int(Int64(call.depth)),
                    "message": message,
                ]
                state.seq += 1
                text += redactor.redact(record.jsonText) + "\n"
            }
        }
        guard !text.isEmpty else { return }
        if let handle { handle.write(Data(text.utf8)) } else { Terminal.error(text) }
    }

    static func json(_ message: Message) -> JSONValue {
        ["role": .string(message.role.rawValue), "parts": .array(message.parts.map(json))]
    }

    static func json(_ part: MessagePart) -> JSONValue {
        switch part {
        case .text(let text): return ["type": "text", "text": .string(text)]
        case .toolCall(let call): return ["type": "tool_call", "id": .string(call.id), "name": .string(call.name), "arguments": call.arguments.json]
        case .toolResult(let result):
            return [
                "type": "tool_result", "call_id": .string(result.callID), "name": .string(result.toolName), "content": .string(result.content),
                "is_error": .bool(result.isError),
            ]
        case .attachment(let attachment):
            return ["type": "attachment", "name": .string(attachment.name), "media_type": .string(attachment.mediaType), "bytes": .int(Int64(attachment.data.count))]
        case .thinking(let thinking): return ["type": "thinking", "text": .string(thinking.text)]
        case .providerBlock(let block): return ["type": "provider_block", "provider": .string(block.provider), "block": block.json]
        }
    }
}
