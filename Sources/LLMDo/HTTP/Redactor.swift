import Foundation

/// Keeps secrets out of anything we print or hand to event sinks.
package struct Redactor: Sendable {
    /// Header names whose values are always hidden, lowercased.
    static let secretHeaders: Set<String> = ["x-api-key", "authorization", "proxy-authorization", "api-key", "cookie"]
    static let placeholder = "[redacted]"

    /// Secret values (API keys) to hide wherever they appear, e.g. echoed in an error message.
    var secrets: [String]

    package init(secrets: [String]) {
        // Very short "secrets" would shred ordinary text; real keys are long.
        self.secrets = secrets.filter { $0.count >= 8 }
    }

    package func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: Self.placeholder) }
    }

    /// `name: value` with the value hidden for secret headers.
    func headerLine(name: String, value: String) -> String {
        Self.secretHeaders.contains(name.lowercased()) ? "\(name): \(Self.placeholder)" : "\(name): \(redact(value))"
    }
}
