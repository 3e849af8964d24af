/// A language model: given a conversation and the tools on offer, produce the next message.
///
/// Implementations: the provider models (Anthropic, OpenAI and compatible servers) and the
/// deterministic ``TestModel`` and ``FunctionModel`` for tests.
///
/// A model of your own answers in ``respond(to:context:)`` and is registered by name, either as
/// a model (``RuntimeOptions/models``, a worker's `model: echo`) or behind a provider prefix
/// (``RuntimeOptions/modelFactories``, `model: mybox:small`):
///
/// ```swift
/// struct EchoModel: Model {
///     let name = "echo"
///
///     func respond(to request: ModelRequest, context: ModelContext) async throws -> ModelResponse {
///         let text = request.messages.last?.text ?? ""
///         context.textDelta(text)
///         return ModelResponse(message: .assistant(text), stopReason: .endTurn, modelName: name)
///     }
/// }
///
/// let options = RuntimeOptions(models: ["echo": EchoModel()])
/// ```
public protocol Model: Sendable {
    /// The model's display name, e.g. `anthropic:claude-sonnet-4-5`.
    var name: String { get }

    /// Requests the next assistant message.
    ///
    /// - Parameters:
    ///   - request: the system prompt, conversation and tool definitions.
    ///   - context: where streamed deltas and provider events go.
    /// - Returns: the assistant message with its usage and stop reason.
    /// - Throws: ``ModelError`` for provider failures; `CancellationError` when cancelled.
    func respond(to request: ModelRequest, context: ModelContext) async throws -> ModelResponse
}

/// What a model is asked.
public struct ModelRequest: Sendable {
    /// The worker's instructions.
    public var system: String { didSet { encodedHistory = nil } }
    /// The conversation so far, oldest first; within one worker call it only grows at the end.
    public var messages: [Message] { didSet { encodedHistory = nil } }
    /// The tools the model may call.
    public var tools: [ToolDefinition]
    /// Sampling and length settings.
    public var settings: ModelSettings
    /// JSON Schema the final answer must satisfy (structured output), if any.
    public var outputSchema: JSONValue?
    /// Provider-side tools from the worker's `server_side_tools`, as written there.
    public var serverSideTools: [JSONValue]
    /// The worker call's encoded history, set by the agent loop; changing `system` or
    /// `messages` drops it, so a request an interceptor altered is encoded in full.
    var encodedHistory: EncodedHistory?

    /// A request; only the system prompt, the conversation and the tools are required.
    public init(
        system: String, messages: [Message], tools: [ToolDefinition], settings: ModelSettings = ModelSettings(),
        outputSchema: JSONValue? = nil, serverSideTools: [JSONValue] = []
    ) {
        self.system = system
        self.messages = messages
        self.tools = tools
        self.settings = settings
        self.outputSchema = outputSchema
        self.serverSideTools = serverSideTools
    }
}

/// Sampling and length settings from a worker's frontmatter.
public struct ModelSettings: Sendable, Hashable {
    /// Sampling temperature (`model_settings.temperature`).
    public var temperature: Double?
    /// The longest answer in tokens (`model_settings.max_tokens`).
    public var maxTokens: Int?
    /// Nucleus sampling (`model_settings.top_p`).
    public var topP: Double?
    /// Strings that end the answer (`model_settings.stop_sequences`).
    public var stopSequences: [String]?
    /// After this many rounds of tool calls, the model is asked again without tools, so it must
    /// answer (`model_settings.max_tool_rounds`; for small models that keep calling tools).
    public var maxToolRounds: Int?
    /// Anything else from the worker's `model_settings`, passed to the provider as is.
    public var extra: JSONObject

    /// Settings; `nil` leaves each to the provider.
    public init(
        temperature: Double? = nil, maxTokens: Int? = nil, topP: Double? = nil, stopSequences: [String]? = nil,
        extra: JSONObject = [:]
    ) {
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.topP = topP
        self.stopSequences = stopSequences
        self.extra = extra
    }
}

/// A model's answer.
public struct ModelResponse: Sendable {
    /// The assistant message: text, tool calls, thinking.
    public var message: Message
    /// Tokens and requests this answer cost.
    public var usage: Usage
    /// Why the model stopped.
    public var stopReason: StopReason
    /// The model the provider says answered (may differ from the one asked for).
    public var modelName: String?

    /// A response; usage and stop reason default to none and ``StopReason/endTurn``.
    public init(message: Message, usage: Usage = Usage(), stopReason: StopReason = .endTurn, modelName: String? = nil) {
        self.message = message
        self.usage = usage
        self.stopReason = stopReason
        self.modelName = modelName
    }
}

/// Why the model stopped.
public enum StopReason: Sendable, Hashable {
    /// The model finished its answer.
    case endTurn
    /// The model called tools and waits for their results.
    case toolUse
    /// The answer reached the token limit.
    case maxTokens
    /// The model declined to answer.
    case refusal
    /// The provider paused a long turn (a server-side tool); the loop sends it back to continue.
    case pauseTurn
    /// A reason this library does not know, as the provider named it.
    case other(String)
}

/// Token and request counts.
public struct Usage: Sendable, Hashable {
    /// Model requests made.
    public var requests: Int = 0
    /// Tokens sent (prompt), as the provider counts them.
    public var inputTokens: Int = 0
    /// Tokens received (answer).
    public var outputTokens: Int = 0
    /// Input tokens written to the provider's prompt cache.
    public var cacheCreationTokens: Int = 0
    /// Input tokens read from the provider's prompt cache.
    public var cacheReadTokens: Int = 0
    /// Tool calls made.
    public var toolCalls: Int = 0

    /// Counts; zero unless given.
    public init(
        requests: Int = 0, inputTokens: Int = 0, outputTokens: Int = 0, cacheCreationTokens: Int = 0,
        cacheReadTokens: Int = 0, toolCalls: Int = 0
    ) {
        self.requests = requests
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheCreationTokens = cacheCreationTokens
        self.cacheReadTokens = cacheReadTokens
        self.toolCalls = toolCalls
    }

    /// Input plus output tokens; saturates at `Int.max` (counts come from providers).
    public var totalTokens: Int { inputTokens.saturatingAdd(outputTokens) }

    /// Field-by-field sums that saturate at `Int.max` instead of trapping: a provider may send
    /// any count, and one absurd value must not crash the run.
    public static func + (lhs: Usage, rhs: Usage) -> Usage {
        Usage(
            requests: lhs.requests.saturatingAdd(rhs.requests),
            inputTokens: lhs.inputTokens.saturatingAdd(rhs.inputTokens),
            outputTokens: lhs.outputTokens.saturatingAdd(rhs.outputTokens),
            cacheCreationTokens: lhs.cacheCreationTokens.saturatingAdd(rhs.cacheCreationTokens),
            cacheReadTokens: lhs.cacheReadTokens.saturatingAdd(rhs.cacheReadTokens),
            toolCalls: lhs.toolCalls.saturatingAdd(rhs.toolCalls))
    }

    /// Adds `rhs` into `lhs` (saturating).
    public static func += (lhs: inout Usage, rhs: Usage) { lhs = lhs + rhs }
}

extension Int {
    /// `self + other`, clamped to `Int.min ... Int.max` instead of trapping on overflow.
    func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}

/// Where a model reports progress while it answers.
public struct ModelContext: Sendable {
    /// The worker on whose behalf the request is made (for events).
    public var workerName: String
    /// The call depth of that worker.
    public var depth: Int
    /// Receives events: streamed text deltas, retries, HTTP debug lines.
    public var events: any EventSink

    /// The context of one request of `workerName`, at `depth`, emitting to `events`.
    public init(workerName: String, depth: Int, events: any EventSink) {
        self.workerName = workerName
        self.depth = depth
        self.events = events
    }

    /// Emits a streamed text delta.
    public func textDelta(_ text: String) {
        events.emit(.textDelta(TextDeltaEvent(worker: workerName, depth: depth, text: text)))
    }
}
