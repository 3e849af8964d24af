import Testing

@testable import LLMDo

/// The cap on threads running plugin code: calls beyond it queue, and threads blocked in a
/// host callback do not count, so nested chains deeper than the cap still complete. Each test
/// binds its own small pool (`PluginThreads.$current`), so other suites do not disturb it.
@Suite struct ThreadCapTests {
    @Test func aThousandConcurrentCallsNeverRunMoreThreadsThanTheCap() async throws {
        let pool = PluginThreads(limit: 4)
        let plugin = try Fixtures.load(try Fixtures.testPlugin())
        let output = try await PluginThreads.$current.withValue(pool) {
            try await runAsCode(plugin) { scope in
                try await withThrowingTaskGroup(of: Int64.self) { group in
                    for index in 0..<1_000 {
                        group.addTask { try await scope.callTool("add", arguments: ["a": .int(Int64(index)), "b": 1]).jsonValue.int64Value ?? 0 }
                    }
                    return .int(try await group.reduce(0, +))
                }
            }
        }
        #expect(output == .int(500_500))
        let stats = pool.statistics
        #expect(stats.peakRunning <= 4)
        #expect(stats.peakLive <= 4, "no call blocks in the host, so no thread beyond the cap is needed")
    }

    @Test func aHundredChainsDeeperThanTheCapComplete() async throws {
        // Each chain holds a blocked plugin thread per level (depth 0…7, eight levels) while a
        // pool of 3 runs plugin code: only the threads parked in call_worker exceed the cap.
        let pool = PluginThreads(limit: 3)
        let plugin = try Fixtures.load(try Fixtures.testPlugin())
        let program = makeProgram(plugins: [plugin], workers: [NestingTests.chainWorker], entry: .worker("chain"), maxDepth: 7)
        let runtime = Runtime(program: program, options: RuntimeOptions(models: ["fn": NestingTests.chainModel]))
        let outputs = try await PluginThreads.$current.withValue(pool) {
            try await withThrowingTaskGroup(of: JSONValue.self) { group in
                for index in 0..<100 { group.addTask { try await runtime.run(input: .string("chain \(index)")).output } }
                return try await group.reduce(into: [JSONValue]()) { $0.append($1) }
            }
        }
        #expect(outputs.count == 100)
        #expect(outputs.allSatisfy { $0.stringValue?.contains("maximum worker depth 7 exceeded") == true })
        let stats = pool.statistics
        #expect(stats.peakRunning <= 3)
        #expect(stats.threadsStarted >= 8, "a chain's levels each park a thread in call_worker")
    }
}
