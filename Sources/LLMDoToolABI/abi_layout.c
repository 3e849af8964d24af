/* Compile-time checks of the ABI's struct layout on LP64 targets (x86_64, aarch64). The
 * header is the whole contract; this file makes SwiftPM build it as a C module and fails the
 * build if a field moves. Append-only: a new field adds a line here, never changes one. */
#include "llmdo_tool.h"

#if defined(__LP64__)
#define LLMDO_CHECK(type, field, offset) \
    _Static_assert(offsetof(type, field) == (offset), #type "." #field " moved")

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
_Static_assert(sizeof(llmdo_host_api) == 80, "llmdo_host_api v1.0 size");

LLMDO_CHECK(struct llmdo_ctx, api, 8);
LLMDO_CHECK(struct llmdo_ctx, host_private, 16);
_Static_assert(sizeof(struct llmdo_ctx) == 24, "llmdo_ctx v1.0 size");

_Static_assert(sizeof(llmdo_param) == 16, "llmdo_param size");

LLMDO_CHECK(llmdo_function, name, 8);
LLMDO_CHECK(llmdo_function, description, 16);
LLMDO_CHECK(llmdo_function, parameters_schema, 24);
LLMDO_CHECK(llmdo_function, params, 32);
LLMDO_CHECK(llmdo_function, param_count, 40);
LLMDO_CHECK(llmdo_function, result_type, 44);
LLMDO_CHECK(llmdo_function, approval, 48);
LLMDO_CHECK(llmdo_function, fn, 56);
LLMDO_CHECK(llmdo_function, needs_approval, 64);
_Static_assert(sizeof(llmdo_function) == 72, "llmdo_function v1.0 size");

LLMDO_CHECK(llmdo_toolset, name, 8);
LLMDO_CHECK(llmdo_toolset, version, 16);
LLMDO_CHECK(llmdo_toolset, description, 24);
LLMDO_CHECK(llmdo_toolset, functions, 32);
LLMDO_CHECK(llmdo_toolset, create_instance, 40);
LLMDO_CHECK(llmdo_toolset, destroy_instance, 48);
_Static_assert(sizeof(llmdo_toolset) == 56, "llmdo_toolset v1.0 size");

LLMDO_CHECK(llmdo_code_entry, name, 8);
LLMDO_CHECK(llmdo_code_entry, description, 16);
LLMDO_CHECK(llmdo_code_entry, run, 24);
_Static_assert(sizeof(llmdo_code_entry) == 32, "llmdo_code_entry v1.0 size");

LLMDO_CHECK(llmdo_plugin, abi_major, 4);
LLMDO_CHECK(llmdo_plugin, abi_minor, 8);
LLMDO_CHECK(llmdo_plugin, toolset_count, 12);
LLMDO_CHECK(llmdo_plugin, toolsets, 16);
LLMDO_CHECK(llmdo_plugin, entry_count, 24);
LLMDO_CHECK(llmdo_plugin, entries, 32);
LLMDO_CHECK(llmdo_plugin, init, 40);
LLMDO_CHECK(llmdo_plugin, shutdown, 48);
_Static_assert(sizeof(llmdo_plugin) == 56, "llmdo_plugin v1.0 size");
#endif
