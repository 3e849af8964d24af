import Foundation

/// A tiny benchmark harness: runs a body in batches, reports the median time per iteration.
/// Release builds only (`make bench`); figures go to docs/performance.md.
///
/// Absolute figures move with the machine and its load, so a figure names, where there is one,
/// a *floor* measured in the same run (a direct C call for an `ffi_call`, the curl binary for a
/// request, `memchr` over the same bytes for SSE decoding) and is reported as a ratio to it.
struct Bench {
    struct Result {
        var name: String
        var medianNanoseconds: Double
        var iterations: Int
        var note: String
        /// The name of an earlier result of this run this one is a multiple of.
        var floor: String? = nil
        /// How to print the figure: a time (the default) or a ready-made text (MB/s, MiB, …).
        var figure: String? = nil
        /// Filled in by ``record(_:)``: `medianNanoseconds` over the floor's.
        var ratio: Double? = nil
        var section = ""
    }

    nonisolated(unsafe) static var results: [Result] = []
    /// The section running now (main.swift sets it), for the Markdown tables.
    nonisolated(unsafe) static var section = ""

    /// Measures `body` over `batches` batches of `iterations` calls; records the median per call.
    static func measure(
        _ name: String, iterations: Int = 10_000, batches: Int = 15, note: String = "", floor: String? = nil, _ body: () throws -> Void
    ) rethrows {
        for _ in 0..<min(iterations, 1000) { try body() }  // warm up
        var perCall: [Double] = []
        for _ in 0..<batches {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations { try body() }
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            perCall.append(Double(elapsed) / Double(iterations))
        }
        perCall.sort()
        record(Result(name: name, medianNanoseconds: perCall[perCall.count / 2], iterations: iterations * batches, note: note, floor: floor))
    }

    static func record(_ result: Result) {
        var result = result
        result.section = section
        if let floor = result.floor, let base = results.last(where: { $0.name == floor }), base.medianNanoseconds > 0 {
            result.ratio = result.medianNanoseconds / base.medianNanoseconds
        }
        results.append(result)
        let name = result.name.padding(toLength: max(60, result.name.count), withPad: " ", startingAt: 0)
        let time = result.figure ?? format(result.medianNanoseconds)
        let ratio = result.ratio.map { String(format: "  %.2f× floor", $0) } ?? ""
        print("\(name) \(String(repeating: " ", count: max(0, 12 - time.count)))\(time)\(ratio)  \(result.note)")
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
