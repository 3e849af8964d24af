/* Compile-time checks of the ABI's struct layout on LP64 targets (x86_64, aarch64). The
 * header is the whole contract; this file makes SwiftPM build it as a C module and fails the
 * build if a field moves or a frozen size stops matching. Append-only: a new field adds a
 * line here, never changes one. */
#include "llmdo_tool.h"

#if defined(__LP64__)
#define LLMDO_CHECK(type, field, offset) \
    _Static_assert(offsetof(type, field) == (offset), #type "." #field " moved")
/* A frozen size is where the last field of its version ends. */
#define LLMDO_CHECK_SIZE(type, last_field, size, value)                                          \
    _Static_assert(offsetof(type, last_field) + sizeof(((type *)0)->last_field) == (size) &&    \
                       (size) == (value),                                                        \
                   #size " changed")

LLMDO_CHECK(llmdo_host_api, struct_size, 0);
LLMDO_CHECK(llmdo_host_api, abi_minor, 4);
LLMDO_CHECK(llmdo_host_api, log, 8);
LLMDO_CHECK(llmdo_host_api, set_result, 16);
LLMDO_CHECK(llmdo_host_api, fail, 24);
LLMDO_CHECK(llmdo_host_api, retry, 32);
LLMDO_CHECK(llmdo_host_api, call_worker, 40);
LLMDO_CHECK(llmdo_host_api, call_tool, 48);
LLMDO_CHECK(llmdo_host_api, instance, 56);
LLMDO_CHECK(llmdo_host_api, is_cancelled, 64);
LLMDO_CHECK(llmdo_host_api, project_root, 72);
LLMDO_CHECK_SIZE(llmdo_host_api, project_root, LLMDO_HOST_API_SIZE_1_0, 80);
LLMDO_CHECK(llmdo_host_api, plugin_path, 80);
LLMDO_CHECK_SIZE(llmdo_host_api, plugin_path, LLMDO_HOST_API_SIZE_1_1, 88);
_Static_assert(sizeof(llmdo_host_api) == LLMDO_HOST_API_SIZE_1_1, "llmdo_host_api v1.1 size");

LLMDO_CHECK(struct llmdo_ctx, api, 8);
LLMDO_CHECK(struct llmdo_ctx, host_private, 16);
LLMDO_CHECK_SIZE(struct llmdo_ctx, host_private, LLMDO_CTX_SIZE_1_0, 24);
_Static_assert(sizeof(struct llmdo_ctx) == LLMDO_CTX_SIZE_1_0, "llmdo_ctx v1.0 size");

_Static_assert(sizeof(llmdo_param) == 16, "llmdo_param size (fixed: it has no struct_size)");

LLMDO_CHECK(llmdo_function, name, 8);
LLMDO_CHECK(llmdo_function, description, 16);
LLMDO_CHECK(llmdo_function, parameters_schema, 24);
LLMDO_CHECK(llmdo_function, params, 32);
LLMDO_CHECK(llmdo_function, param_count, 40);
LLMDO_CHECK(llmdo_function, result_type, 44);
LLMDO_CHECK(llmdo_function, approval, 48);
LLMDO_CHECK(llmdo_function, fn, 56);
LLMDO_CHECK(llmdo_function, needs_approval, 64);
LLMDO_CHECK_SIZE(llmdo_function, needs_approval, LLMDO_FUNCTION_SIZE_1_0, 72);
_Static_assert(sizeof(llmdo_function) == LLMDO_FUNCTION_SIZE_1_0, "llmdo_function v1.0 size");

LLMDO_CHECK(llmdo_toolset, name, 8);
LLMDO_CHECK(llmdo_toolset, version, 16);
LLMDO_CHECK(llmdo_toolset, description, 24);
LLMDO_CHECK(llmdo_toolset, functions, 32);
LLMDO_CHECK(llmdo_toolset, create_instance, 40);
LLMDO_CHECK(llmdo_toolset, destroy_instance, 48);
LLMDO_CHECK_SIZE(llmdo_toolset, destroy_instance, LLMDO_TOOLSET_SIZE_1_0, 56);
_Static_assert(sizeof(llmdo_toolset) == LLMDO_TOOLSET_SIZE_1_0, "llmdo_toolset v1.0 size");

LLMDO_CHECK(llmdo_code_entry, name, 8);
LLMDO_CHECK(llmdo_code_entry, description, 16);
LLMDO_CHECK(llmdo_code_entry, run, 24);
LLMDO_CHECK_SIZE(llmdo_code_entry, run, LLMDO_CODE_ENTRY_SIZE_1_0, 32);
_Static_assert(sizeof(llmdo_code_entry) == LLMDO_CODE_ENTRY_SIZE_1_0, "llmdo_code_entry v1.0 size");

LLMDO_CHECK(llmdo_plugin, abi_major, 4);
LLMDO_CHECK(llmdo_plugin, abi_minor, 8);
LLMDO_CHECK(llmdo_plugin, toolset_count, 12);
LLMDO_CHECK(llmdo_plugin, toolsets, 16);
LLMDO_CHECK(llmdo_plugin, entry_count, 24);
LLMDO_CHECK(llmdo_plugin, entries, 32);
LLMDO_CHECK(llmdo_plugin, init, 40);
LLMDO_CHECK(llmdo_plugin, shutdown, 48);
LLMDO_CHECK_SIZE(llmdo_plugin, shutdown, LLMDO_PLUGIN_SIZE_1_0, 56);
_Static_assert(sizeof(llmdo_plugin) == LLMDO_PLUGIN_SIZE_1_0, "llmdo_plugin v1.0 size");

_Static_assert(LLMDO_STRUCT_SIZE_MAX >= sizeof(llmdo_host_api), "the bound covers every struct");
#endif
