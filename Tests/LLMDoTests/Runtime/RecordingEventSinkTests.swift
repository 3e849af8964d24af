import Testing
import LLMDo

@Suite struct RecordingEventSinkTests {
    static func delta(_ text: String, call: String) -> RuntimeEvent {
        .textDelta(TextDeltaEvent(worker: "main", depth: 0, text: text, path: CallPath(runID: "r", callID: call)))
    }

    @Test func keepsEveryEventFromParallelEmittersInEachEmittersOrder() async {
        let sink = RecordingEventSink()
        await withTaskGroup(of: Void.self) { group in
            for emitter in 0..<8 {
                group.addTask {
                    for index in 0..<200 { sink.emit(Self.delta("\(index)", call: "c\(emitter)")) }
                }
            }
        }
        #expect(sink.events.count == 1600)
        for emitter in 0..<8 {
            let texts = sink.events(of: TextDeltaEvent.self).filter { $0.path.callID == "c\(emitter)" }.map(\.text)
            #expect(texts == (0..<200).map { "\($0)" })
        }
    }

    @Test func filtersByKindAndJoinsStreamedTextByCall() {
        let sink = RecordingEventSink()
        sink.emit(Self.delta("Hel", call: "a"))
        sink.emit(.warning(WarningEvent(message: "careful")))
        sink.emit(Self.delta("Other", call: "b"))
        sink.emit(Self.delta("lo", call: "a"))
        #expect(sink.events(of: WarningEvent.self).map(\.message) == ["careful"])
        #expect(sink.events(of: ToolCallEvent.self).isEmpty)
        #expect(sink.text(callID: "a") == "Hello")
        #expect(sink.text(callID: "b") == "Other")
        #expect(sink.text() == "HelOtherlo")
        sink.removeAll()
        #expect(sink.events.isEmpty)
    }

    @Test func recordsARealRun() async throws {
        let project = try TemporaryProject(files: [
            "project.json": #"{"version": 1, "worker_files": ["main.worker"]}"#,
            "main.worker": workerFile("name: main\nentry: true\nmodel: echo"),
        ])
        let sink = RecordingEventSink()
        _ = try await Runtime(program: project.load(), options: RuntimeOptions(events: sink, models: ["echo": EchoModel()]))
            .run(input: "hi there")
        let started = try #require(sink.events(of: RunStartedEvent.self).first)
        let request = try #require(sink.events(of: ModelRequestEvent.self).first)
        #expect(sink.text(callID: request.path.callID) == "hi there")
        #expect(request.path.runID == started.path.runID)
        #expect(sink.events(of: RunFinishedEvent.self).count == 1)
    }
}
