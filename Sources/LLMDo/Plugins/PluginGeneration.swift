import LLMDoToolABI

/// One loaded image of a plugin file and its descriptor.
///
/// Every toolset, function and entry made from the image holds its generation, so ARC keeps
/// it alive while any program or running call can reach it (a hot swap will publish a new
/// generation and let the old one drain). The image is never unmapped: Swift images cannot
/// be unloaded, and a C plugin's pointers may still be in flight. `shutdown` runs when the
/// last reference goes, on a plugin thread.
final class PluginGeneration: @unchecked Sendable {
    /// The file the image was loaded from (before the private copy).
    let path: String
    /// The plugin's descriptor: constant, plugin-owned memory inside the image.
    let descriptor: UnsafePointer<llmdo_plugin>
    private let shutdown: (@convention(c) () -> Void)?

    init(path: String, descriptor: UnsafePointer<llmdo_plugin>) {
        self.path = path
        self.descriptor = descriptor
        self.shutdown = descriptor.pointee.shutdown
    }

    deinit {
        guard let shutdown else { return }
        PluginThreads.shared.submit { shutdown() }
    }
}
