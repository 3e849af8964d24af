import Foundation

/// What every table is printed with: the machine, its load and the date, so a figure is never
/// read apart from the conditions it was measured in. With `LLMDO_BENCH_TABLES=DIR` each section
/// also becomes `DIR/SECTION.md`, which scripts/bench-doc.py copies into docs/performance.md.
enum BenchReport {
    /// CPU model, core count, memory and kernel, e.g. "AMD EPYC 7B13, 2 cores, 24 GiB, Linux 6.1".
    static let machine: String = {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30)
        var uts = utsname()
        uname(&uts)
        let release = withUnsafeBytes(of: &uts.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Int(memory.rounded())) GiB, Linux \(release)"
    }()

    /// The 1-minute load average now (runnable threads; 2 means both cores of a 2-core machine busy).
    static func load() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.map(String.init) ?? "?"
    }

    static func date() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }

    /// The line printed under each section header.
    static func header() -> String { "machine: \(machine); load \(load()); \(date())" }

    /// Writes the results of `section` as a Markdown table with its conditions.
    static func writeTable(section: String, loadBefore: String) {
        guard let folder = ProcessInfo.processInfo.environment["LLMDO_BENCH_TABLES"] else { return }
        let rows = Bench.results.filter { $0.section == section }
        guard !rows.isEmpty else { return }
        var text = "Measured \(date()) by `make bench` on \(machine); load average \(loadBefore) at the start of the section, \(load()) at its end.\n\n"
        text += "| benchmark | figure | × floor | note |\n|---|---|---|---|\n"
        for row in rows {
            let figure = row.figure ?? Bench.format(row.medianNanoseconds)
            let ratio = row.ratio.map { String(format: "%.2f×", $0) + " (\(row.floor ?? ""))" } ?? ""
            text += "| \(escape(row.name)) | \(figure) | \(escape(ratio)) | \(escape(row.note)) |\n"
        }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? text.write(toFile: "\(folder)/\(section).md", atomically: true, encoding: .utf8)
    }

    private static func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
