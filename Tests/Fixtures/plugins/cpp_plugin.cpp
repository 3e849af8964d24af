// cpp_plugin.cpp: a C++ plugin over llmdo_tool_util.h, built by the tests with
//   c++ -std=c++17 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -fno-gnu-unique -Wl,-Bsymbolic
// It proves the util header is C++-clean and that llmdo_guard turns exceptions into tool errors.
//
//   lookup(key) -> text     std::map::at: an unknown key throws std::out_of_range
//   weird() -> integer      throws an int (not a std::exception): the catch-all
#include <map>
#include <stdexcept>
#include <string>

#include "llmdo_tool_util.h"

static const std::map<std::string, std::string> &table() {
    static const std::map<std::string, std::string> entries{{"alpha", "first"}, {"omega", "last"}};
    return entries;
}

static int32_t lookup(const llmdo_ctx *ctx, const char *key) noexcept {
    return llmdo_guard(ctx, [&] {
        const std::string &value = table().at(key);
        return ctx->api->set_result(ctx, value.data(), value.size());
    });
}

static int64_t weird(const llmdo_ctx *ctx) noexcept {
    return llmdo_guard(ctx, []() -> int64_t { throw 7; });
}

#define LOOKUP_PARAMS(P) P(key, LLMDO_T_STR, LLMDO_REQUIRED_WITH("\"enum\":[\"alpha\",\"omega\",\"missing\"]"), "Which entry.")
LLMDO_PARAMS(lookup, LOOKUP_PARAMS)
LLMDO_PARAMS(weird, LLMDO_NO_PARAMS)

static const llmdo_function functions[] = {
    {LLMDO_FUNCTION(lookup, LLMDO_R_TEXT, LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, LLMDO_PRE_APPROVED,
                    "Looks up an entry.")},
    {LLMDO_FUNCTION(weird, LLMDO_R_I64, LLMDO_FN_TAKES_CTX, LLMDO_PRE_APPROVED, "Throws an int.")},
};

static const llmdo_toolset toolsets[] = {{LLMDO_TOOLSET("cpp", "1.0.0", "A C++ toolset.", functions, NULL, NULL)}};

static const llmdo_plugin plugin = {
    sizeof(llmdo_plugin), LLMDO_ABI_MAJOR, LLMDO_ABI_MINOR, LLMDO_COUNT(toolsets), toolsets, 0, 0, nullptr, nullptr, nullptr,
};
LLMDO_EXPORT_PLUGIN(plugin)
