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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The one C header a third-party plugin compiles against.
        .target(name: "LLMDoToolABI", path: "Sources/LLMDoToolABI"),
        // libcurl (HTTP), bound lazily with dlopen on first use (see Sources/CCurl/include).
        .target(name: "CCurl", path: "Sources/CCurl"),
        // libffi (plugin calls).
        .systemLibrary(name: "CFFI", path: "Sources/CFFI"),
        .target(
            name: "LLMDo",
            dependencies: [
                "LLMDoToolABI", "CCurl", "CFFI",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/LLMDo",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "llmdo",
            dependencies: [
                "LLMDo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/llmdo",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LLMDoTests",
            dependencies: ["LLMDo"],
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
            dependencies: ["LLMDo"],
            path: "Benchmarks/LLMDoBench",
            swiftSettings: strictSettings
        )
    )
}
