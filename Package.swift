// swift-tools-version:6.0
import PackageDescription

// llmdo: a hybrid VM for LLM workers and compiled tool plugins.
//
// Note on names: the top-level `Plugins/` folder holds *llmdo tool plugins*
// (shared libraries built against `llmdo_tool.h`), not SwiftPM package plugins.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "llmdo",
    products: [
        .library(name: "LLMDo", targets: ["LLMDo"]),
        .library(name: "LLMDoToolABI", targets: ["LLMDoToolABI"]),
        .executable(name: "llmdo", targets: ["llmdo"]),
        // Helpers for writing llmdo tool plugins in Swift.
        .library(name: "LLMDoPluginKit", targets: ["LLMDoPluginKit"]),
        // First-party llmdo tool plugins (Plugins/): shared libraries built against llmdo_tool.h,
        // found next to the llmdo executable by a bare `plugin_files` name (libcalc_tools.so).
        .library(name: "calc_tools", type: .dynamic, targets: ["CalcTools"]),
        .library(name: "file_tools", type: .dynamic, targets: ["FileTools"]),
        .library(name: "pitchdeck_tools", type: .dynamic, targets: ["PitchdeckTools"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The one C header a third-party plugin compiles against.
        .target(name: "LLMDoToolABI", path: "Sources/LLMDoToolABI"),
        // libcurl (HTTP), bound lazily with dlopen on first use (see Sources/CCurl/include).
        .target(name: "CCurl", path: "Sources/CCurl"),
        // The shell tools' OS sandbox: Landlock, namespaces and the fork/exec path (see its header).
        .target(name: "CSandbox", path: "Sources/CSandbox"),
        // libffi (plugin calls).
        .systemLibrary(name: "CFFI", path: "Sources/CFFI"),
        // Async-signal-safe C: the crash report of in-process plugin calls, and signals as pipe bytes.
        .target(name: "CSignals", path: "Sources/CSignals"),
        // prctl (a plugin helper process dies with llmdo), which Swift cannot call directly.
        .target(name: "CProcessControl", path: "Sources/CProcessControl"),
        .target(
            name: "LLMDo",
            dependencies: [
                "LLMDoToolABI", "CCurl", "CFFI", "CSandbox", "CSignals", "CProcessControl",
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/LLMDo",
            swiftSettings: strictSettings
        ),
        // The full-screen interface's model and layout (no terminal I/O): a target of its own so
        // the benchmarks can measure redraw cost; the CLI's TUI/ folder drives the terminal.
        .target(name: "LLMDoTUI", dependencies: ["LLMDo"], path: "Sources/LLMDoTUI", swiftSettings: strictSettings),
        .executableTarget(
            name: "llmdo",
            dependencies: [
                "LLMDo", "LLMDoTUI", "CSignals",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/llmdo",
            swiftSettings: strictSettings
        ),
        // Swift helpers for plugin authors: declarations in, plain ABI descriptors out.
        .target(name: "LLMDoPluginKit", dependencies: ["LLMDoToolABI"], path: "Sources/LLMDoPluginKit", swiftSettings: strictSettings),
        // llmdo tool plugins, NOT SwiftPM package plugins (see the note at the top).
        // No unsafe flags, so a package that depends on this one can use these products too.
        // Without `-Bsymbolic` a plugin's calls to its own symbols still bind to its own copies:
        // the loader opens plugins RTLD_LOCAL and the llmdo executable exports no symbols of
        // its own (checked by PackageProductTests). FileTools defines nothing but its entry
        // outside `static`, so it needs no `-fvisibility=hidden` either.
        .target(
            name: "CalcTools", dependencies: ["LLMDoPluginKit"], path: "Plugins/CalcTools",
            swiftSettings: strictSettings),
        .target(
            name: "PitchdeckTools", dependencies: ["LLMDoPluginKit"], path: "Plugins/PitchdeckTools",
            swiftSettings: strictSettings),
        .target(
            name: "FileTools", dependencies: ["LLMDoToolABI"], path: "Plugins/FileTools", publicHeadersPath: "."),
        .testTarget(
            name: "PluginTests",
            dependencies: ["LLMDo"],
            path: "Tests/PluginTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LLMDoTests",
            // The executable too, so the chat's line editor and session are tested in-process.
            dependencies: ["LLMDo", "LLMDoTUI", "llmdo"],
            path: "Tests/LLMDoTests",
            resources: [.copy("../Fixtures")],
            swiftSettings: strictSettings
        ),
    ]
)

// Benchmarks join the package only for `make bench` (LLMDO_BENCHMARKS=1), so ordinary
// builds and CI never compile them.
if Context.environment["LLMDO_BENCHMARKS"] != nil {
    package.targets.append(
        .executableTarget(
            name: "LLMDoBench",
            dependencies: ["LLMDo", "LLMDoTUI"],
            path: "Benchmarks/LLMDoBench",
            swiftSettings: strictSettings
        )
    )
}
