import LLMDoToolABI

/// One loaded image of a plugin file and its descriptor.
///
/// Every toolset, function and entry made from the image holds its generation, so ARC keeps
/// it alive while any program or running call can reach it (a hot swap publishes a new
/// generation and lets the old one drain). The image is never unmapped: Swift images cannot
/// be unloaded, and a C plugin's pointers may still be in flight. When the last reference
/// goes, ``PluginLifecycle`` retires the image and runs its `shutdown` (after a successful
/// `init` only) on a plugin thread.
final class PluginGeneration: @unchecked Sendable {
    /// The user's file the image came from (symlinks resolved), even if a private copy was mapped.
    let path: String
    /// The image's load address: its key in ``PluginLifecycle``.
    let base: UInt
    /// The plugin's descriptor as read by ``PluginValidation/readDescriptor(_:file:)``: the
    /// fields this host knows, zero where the plugin's `struct_size` ends earlier.
    let plugin: llmdo_plugin

    init(path: String, base: UInt, plugin: llmdo_plugin) {
        self.path = path
        self.base = base
        self.plugin = plugin
    }

    deinit { PluginLifecycle.release(base: base) }
}
