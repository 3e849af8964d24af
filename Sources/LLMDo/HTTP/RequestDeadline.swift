import Foundation

/// The end of a model request's time budget (``ProviderOptions/requestTimeout``).
struct RequestDeadline {
    /// The budget in seconds; 0 means none.
    let seconds: Double
    private let end: UInt64

    init(seconds: Double) {
        self.seconds = seconds
        let now = DispatchTime.now().uptimeNanoseconds
        end = seconds > 0 ? now &+ UInt64(min(seconds, 1e9) * 1e9) : .max
    }

    /// Seconds left (`.infinity` without a budget); never negative.
    var remaining: Double {
        guard seconds > 0 else { return .infinity }
        let now = DispatchTime.now().uptimeNanoseconds
        return now >= end ? 0 : Double(end - now) / 1e9
    }

    /// Whether the budget is spent (within 10 ms: curl's timer counts whole milliseconds).
    var hasPassed: Bool { seconds > 0 && remaining < 0.01 }

    /// E.g. "600 s (the model request deadline, LLMDO_REQUEST_TIMEOUT)".
    var limitText: String {
        "\(formatSeconds(seconds)) s (the model request deadline, LLMDO_REQUEST_TIMEOUT)"
    }
}

/// Seconds for messages: "3600", "0.05", "12.5".
func formatSeconds(_ value: Double) -> String { String(format: "%g", value) }
