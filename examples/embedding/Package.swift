// swift-tools-version:6.0
import PackageDescription

// An embedding program: a Swift package that depends on llmdo by path, as yours would by URL.
// `Embedding` runs a project through `import LLMDo`; `ProductCheck` links every other library
// product llmdo exposes, so this build also proves a dependent package can use them all.
let package = Package(
    name: "embedding",
    dependencies: [
        .package(name: "llmdo", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "Embedding",
            dependencies: [.product(name: "LLMDo", package: "llmdo")],
            path: "Sources/Embedding"
        ),
        .target(
            name: "ProductCheck",
            dependencies: [
                .product(name: "LLMDoToolABI", package: "llmdo"),
                .product(name: "LLMDoPluginKit", package: "llmdo"),
                .product(name: "calc_tools", package: "llmdo"),
                .product(name: "file_tools", package: "llmdo"),
                .product(name: "pitchdeck_tools", package: "llmdo"),
            ],
            path: "Sources/ProductCheck"
        ),
    ]
)
