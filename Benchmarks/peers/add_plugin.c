/* add_plugin.c: the llmdo side of `make bench-peers`, the same add(a, b) tool the peers define
 * in Python, as a C plugin (a Swift plugin would bring a second Swift runtime; see
 * docs/performance.md). Built by bench_peers.py with cc -shared -fPIC. */
#include "llmdo_tool_util.h"

static double add(double a, double b) { return a + b; }

#define ADD_PARAMS(P)                                    \
    P(a, LLMDO_T_F64, LLMDO_REQUIRED, "A number.")       \
    P(b, LLMDO_T_F64, LLMDO_REQUIRED, "Another number.")
LLMDO_PARAMS(add, ADD_PARAMS)

static const llmdo_function functions[] = {
    {LLMDO_FUNCTION(add, LLMDO_R_F64, LLMDO_FN_THREAD_SAFE, LLMDO_PRE_APPROVED, "Add two numbers.")},
};

static const llmdo_toolset toolsets[] = {{LLMDO_TOOLSET("math", "1.0.0", "Adds numbers.", functions, NULL, NULL)}};

static const llmdo_plugin plugin = {LLMDO_PLUGIN(toolsets)};
LLMDO_EXPORT_PLUGIN(plugin)
