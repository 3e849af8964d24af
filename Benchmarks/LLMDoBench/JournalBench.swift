import Foundation
import LLMDo

/// The run journal's cost per agent step: the runtime benchmark's loop (a function model calling
/// a trivial tool every step) without a journal, journaled to the page cache, and journaled with
/// an fsync per write (fewer steps: each costs disk flushes).
func runJournalBenchmarks() async throws {
    let folder = FileManager.default.temporaryDirectory.path + "/llmdo-bench-journal-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let steps = 10_000
    let bare = try await stepLoopNanoseconds(steps: steps, interceptors: [])
    let journal = RunJournal(mode: .record, writer: try JournalWriter(path: folder + "/page-cache.jsonl"))
    let journaled = try await stepLoopNanoseconds(steps: steps, interceptors: [journal])
    Bench.record(.init(name: "10,000-step run without a journal, per step", medianNanoseconds: bare / Double(steps), iterations: 1, note: ""))
    Bench.record(.init(
        name: "10,000-step run with a journal, per step", medianNanoseconds: journaled / Double(steps), iterations: 1,
        note: String(format: "%+.1f%% (records to the page cache)", (journaled / bare - 1) * 100)))
    let short = RunJournal(mode: .record, writer: try JournalWriter(path: folder + "/short.jsonl"))
    let shortRun = try await stepLoopNanoseconds(steps: 1_000, interceptors: [short])
    Bench.record(.init(
        name: "1,000-step run with a journal, per step", medianNanoseconds: shortRun / 1_000, iterations: 1,
        note: "flat with the 10,000-step figure: no step costs more as the history grows"))
    let syncedSteps = 1_000
    let synced = RunJournal(mode: .record, writer: try JournalWriter(path: folder + "/fsync.jsonl", fsync: true))
    let fsynced = try await stepLoopNanoseconds(steps: syncedSteps, interceptors: [synced])
    Bench.record(.init(
        name: "1,000-step run with a journal and fsync, per step", medianNanoseconds: fsynced / Double(syncedSteps), iterations: 1,
        note: "2 writes (2 fsyncs) per step"))
}
