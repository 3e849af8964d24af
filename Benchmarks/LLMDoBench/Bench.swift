import Foundation

/// A tiny benchmark harness: runs a body in batches, reports the median time per iteration.
/// Release builds only (`make bench`); figures go to docs/performance.md.
struct Bench {
    struct Result {
        var name: String
        var medianNanoseconds: Double
        var iterations: Int
        var note: String
    }

    nonisolated(unsafe) static var results: [Result] = []

    /// Measures `body` over `batches` batches of `iterations` calls; records the median per call.
    static func measure(_ name: String, iterations: Int = 10_000, batches: Int = 15, note: String = "", _ body: () throws -> Void) rethrows {
        for _ in 0..<min(iterations, 1000) { try body() }  // warm up
        var perCall: [Double] = []
        for _ in 0..<batches {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations { try body() }
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            perCall.append(Double(elapsed) / Double(iterations))
        }
        perCall.sort()
        record(Result(name: name, medianNanoseconds: perCall[perCall.count / 2], iterations: iterations * batches, note: note))
    }

    static func record(_ result: Result) {
        results.append(result)
        let name = result.name.padding(toLength: max(60, result.name.count), withPad: " ", startingAt: 0)
        let time = format(result.medianNanoseconds)
        print("\(name) \(String(repeating: " ", count: max(0, 12 - time.count)))\(time)  \(result.note)")
    }

    static func format(_ ns: Double) -> String {
        if ns < 1_000 { return String(format: "%.0f ns", ns) }
        if ns < 1_000_000 { return String(format: "%.2f µs", ns / 1_000) }
        if ns < 1_000_000_000 { return String(format: "%.2f ms", ns / 1_000_000) }
        return String(format: "%.2f s", ns / 1_000_000_000)
    }

    /// Peak resident set size of this process, in MiB (from /proc/self/status VmHWM).
    static func peakRSSMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kb / 1024
        }
        return 0
    }
}
