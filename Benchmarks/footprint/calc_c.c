/* calc_c: the C twin of the Swift calc_tools plugin's add, so scripts/bench-footprint.py can
 * show what a Swift plugin's own Swift runtime costs (the same loop with either plugin). */
#include "llmdo_tool_util.h"

static double add(double a, double b) { return a + b; }

#define ADD_PARAMS(P)                             \
    P(a, LLMDO_T_F64, LLMDO_REQUIRED, "a number") \
    P(b, LLMDO_T_F64, LLMDO_REQUIRED, "a number")
LLMDO_PARAMS(add, ADD_PARAMS)

static const llmdo_function functions[] = {
    {LLMDO_FUNCTION(add, LLMDO_R_F64, LLMDO_FN_THREAD_SAFE, LLMDO_PRE_APPROVED, "a + b.")},
};

static const llmdo_toolset toolsets[] = {
    {LLMDO_TOOLSET("calc_c", "1.0.0", "add, in C.", functions, NULL, NULL)},
};

static const llmdo_plugin plugin = {LLMDO_PLUGIN(toolsets)};

LLMDO_EXPORT_PLUGIN(plugin)
