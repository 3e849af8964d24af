/* llmdo_tool.h: LLMDoToolABI, the C ABI between llmdo and tool plugins. */
#ifndef LLMDO_TOOL_H
#define LLMDO_TOOL_H
#define LLMDO_ABI_MAJOR 1u
#define LLMDO_ABI_MINOR 0u
#endif
