import LLMDoPluginKit
import LLMDoToolABI

/// The ABI version this package was built against: a use of both C and Swift plugin products,
/// so the build fails if either cannot be used from a dependent package.
public let builtAgainstABI = (major: LLMDO_ABI_MAJOR, minor: LLMDO_ABI_MINOR)
