// calc_tools: the Swift first-party plugin (arithmetic; every function pre-approved).
import LLMDoPluginKit
import LLMDoToolABI

private let factorial: @convention(c) (UnsafePointer<llmdo_ctx>?, Int64) -> Int64 = { context, n in
    guard let context else { return 0 }
    guard n >= 0 else { return Int64(context.retry("n must be 0 or more, got \(n)")) }
    guard n <= 20 else { return Int64(context.fail("\(n)! does not fit in a 64-bit integer (the limit is 20!)")) }
    return n < 2 ? 1 : (2...n).reduce(1, *)
}

private let fibonacci: @convention(c) (UnsafePointer<llmdo_ctx>?, Int64) -> Int64 = { context, n in
    guard let context else { return 0 }
    guard n >= 0 else { return Int64(context.retry("n must be 0 or more, got \(n)")) }
    guard n <= 92 else { return Int64(context.fail("fibonacci(\(n)) does not fit in a 64-bit integer (the limit is 92)")) }
    var (a, b): (Int64, Int64) = (0, 1)
    for _ in 0..<n { (a, b) = (b, a &+ b) }
    return a
}

private let add: @convention(c) (Double, Double) -> Double = { $0 + $1 }
private let multiply: @convention(c) (Double, Double) -> Double = { $0 * $1 }

private let operands: [Parameter] = [.number("a", "The first operand."), .number("b", "The second operand.")]

private let plugin = Plugin(toolsets: [
    Toolset(
        "calc_tools", version: "1.0.0", "Exact integer sequences and basic arithmetic.",
        functions: [
            Function(
                "factorial", "n! for 0 <= n <= 20.", parameters: [.int("n", "A whole number from 0 to 20.")], returns: .int64,
                takesContext: true, factorial),
            Function(
                "fibonacci", "The n-th Fibonacci number (fibonacci(0) = 0) for 0 <= n <= 92.",
                parameters: [.int("n", "A whole number from 0 to 92.")], returns: .int64, takesContext: true, fibonacci),
            Function("add", "a + b.", parameters: operands, returns: .double, add),
            Function("multiply", "a × b.", parameters: operands, returns: .double, multiply),
        ])
])

/// The plugin's one exported symbol.
@_cdecl("llmdo_entry_v1")
public func llmdoEntry(_ api: UnsafePointer<llmdo_host_api>?) -> UnsafePointer<llmdo_plugin>? { plugin.descriptor }
