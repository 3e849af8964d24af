// crash_plugin.cpp: the isolation tests' C++ plugin, built with c++. Its one tool, crashy.boom,
// counts its calls in a file in the project root and lets a C++ exception escape on the first
// (nothing can catch it across the C ABI: std::terminate aborts); every other call answers
// "call N ok".
#include <fstream>
#include <stdexcept>
#include <string>

#include "llmdo_tool.h"

static int32_t boom(const llmdo_ctx *ctx) {
    std::string path = std::string(ctx->api->project_root(ctx)) + "/boom-count";
    long count = 0;
    std::ifstream(path) >> count;
    count++;
    std::ofstream(path) << count;
    if (count == 1) throw std::runtime_error("deliberate exception in boom");
    std::string text = "call " + std::to_string(count) + " ok";
    return ctx->api->set_result(ctx, text.data(), text.size());
}

static const llmdo_function functions[] = {
    {sizeof(llmdo_function), LLMDO_FN_TAKES_CTX, "boom", "Throws once.", "{\"type\":\"object\",\"properties\":{}}",
     nullptr, 0, LLMDO_R_TEXT, LLMDO_APPROVAL_PRE_APPROVED, 0, reinterpret_cast<void (*)(void)>(boom), nullptr},
};

static const llmdo_toolset toolsets[] = {
    {sizeof(llmdo_toolset), 1, "crashy", "1.0.0", "Misbehaves.", functions, nullptr, nullptr},
};

static const llmdo_plugin plugin = {
    sizeof(llmdo_plugin), LLMDO_ABI_MAJOR, LLMDO_ABI_MINOR, 1, toolsets, 0, 0, nullptr, nullptr, nullptr,
};

extern "C" LLMDO_EXPORT const llmdo_plugin *llmdo_entry_v1(const llmdo_host_api *) { return &plugin; }
