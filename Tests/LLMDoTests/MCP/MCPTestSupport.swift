import Foundation
import Synchronization
import Testing
@testable import LLMDo

/// The real MCP servers the tests run: the toy stdio server and the Streamable HTTP fixture
/// (Tests/Fixtures/mcp), and `mcp-server-time` from PyPI, all in `.build/venv` (`make venv`).
enum MCPFixtures {
    static let packageRoot = PluginSwapTests.packageRoot
    static let folder = "\(packageRoot)/Tests/Fixtures/mcp"
    static let venv = "\(packageRoot)/.build/venv/bin"

    /// The venv's Python; a missing venv fails the test with the command that makes it.
    static func python() throws -> String {
        let python = "\(venv)/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw MissingVenv()
        }
        return python
    }

    struct MissingVenv: Error, CustomStringConvertible {
        var description: String { "no Python environment at .build/venv: run `make venv` (it installs the MCP test servers)" }
    }

    /// A stdio entry for the toy server.
    static func toy(_ name: String = "toy", preApproved: Set<String> = [], timeout: Int = 30) throws -> MCPServerConfig {
        var config = MCPServerConfig(
            name: name, transport: .stdio(command: try python(), arguments: ["\(folder)/toy_server.py"], environment: [:], directory: nil),
            origin: "test", redacted: "python toy_server.py")
        config.preApproved = preApproved
        config.timeoutSeconds = timeout
        return config
    }

    /// Starts the HTTP fixture server; returns its URL and the process (closing `input` ends it).
    static func startHTTPServer() async throws -> (url: String, process: Process, input: Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try python())
        process.arguments = ["\(folder)/http_server.py"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line is the port (the SDK takes seconds to import): read off the cooperative pool.
        let reader = output.fileHandleForReading
        let port = await BlockingPool.runDedicated(name: "mcp-test-port") {
            var line: [UInt8] = []
            while let byte = reader.readData(ofLength: 1).first, byte != 0x0A { line.append(byte) }
            return String(decoding: line, as: UTF8.self)
        }
        return ("http://127.0.0.1:\(port)/mcp", process, input)
    }
}

/// Collects the debug lines of events in memory (a server's stderr lines arrive as debug events).
final class MCPEventLog: Sendable {
    private let lines = Mutex<[String]>([])

    var sink: ClosureEventSink {
        ClosureEventSink { [self] event in
            if case .debug(let debug) = event { lines.withLock { $0.append(debug.message) } }
        }
    }

    var debugLines: [String] { lines.withLock { $0 } }
}
