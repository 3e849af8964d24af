/// The text of each scaffolded file. Every plugin offers one toolset named after the plugin
/// with one function, `hello(name, times = 1)`, so the README's commands are the same for all
/// three languages.
enum Templates {
    static func project(library: String) -> String {
        """
        {
          "version": 1,
          "worker_files": ["main.worker"],
          "plugin_files": ["./\(library)"]
        }

        """
    }

    static func worker(toolset: String) -> String {
        """
        ---
        name: main
        description: Greets people with the \(toolset) plugin.
        entry: true
        model: anthropic:claude-haiku-4-5
        toolsets: [\(toolset)]
        ---
        Greet the person the user names with the `hello` tool, then answer with its result.

        """
    }

    static func readme(name: String, language: String, library: String) -> String {
        """
        # \(name): an llmdo tool plugin in \(language)

        Scaffolded by `llmdo new plugin \(name) --lang \(language)`.

        ```sh
        make                                          # -> ./\(library)
        llmdo check .                                 # the project links, the plugin loads
        llmdo tools ./\(library)                      # its toolset, functions and schemas
        llmdo call . \(name).hello '{"name": "Ada", "times": 2}'
        llmdo . --model test "Greet Ada"              # a run (set a real model in main.worker)
        ```

        `llmdo call` runs one tool without a model: use it as the plugin's test harness, and to
        compare a stabilized plugin with the worker it replaces on the same input.
        See docs/plugin-abi.md in the llmdo repository for the ABI and the rules a plugin follows.

        """
    }

    // MARK: C

    static func cSource(name: String, identifier: String) -> String {
        """
        /* \(name): an llmdo tool plugin in C (llmdo_tool.h + llmdo_tool_util.h).
         *
         *   hello(name, times = 1) -> {"greeting": "hello", "name": ..., "times": ...}
         */
        #include "llmdo_tool_util.h"

        static int32_t hello(const llmdo_ctx *ctx, const char *name, int64_t times) {
            if (times < 1 || times > 10) return ctx->api->retry(ctx, "times must be between 1 and 10");
            llmdo_json w;
            llmdo_json_init(&w);
            llmdo_json_object_begin(&w);
            llmdo_json_key(&w, "greeting");
            llmdo_json_string(&w, "hello");
            llmdo_json_key(&w, "name");
            llmdo_json_string(&w, name); /* escaped for you */
            llmdo_json_key(&w, "times");
            llmdo_json_i64(&w, times);
            llmdo_json_object_end(&w);
            return llmdo_json_set_result(&w, ctx);
        }

        /* Each parameter once: the params[] array and the JSON Schema both come from this list. */
        #define HELLO_PARAMS(P)                                          \\
            P(name, LLMDO_T_STR, LLMDO_REQUIRED, "Who to greet.")        \\
            P(times, LLMDO_T_I64, LLMDO_DEFAULT("1"), "How many times, 1 to 10.")
        LLMDO_PARAMS(hello, HELLO_PARAMS)

        static const llmdo_function functions[] = {
            {LLMDO_FUNCTION(hello, LLMDO_R_JSON, LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, LLMDO_PRE_APPROVED,
                            "Greets someone, a few times.")},
        };

        static const llmdo_toolset toolsets[] = {
            {LLMDO_TOOLSET("\(name)", "0.1.0", "Greetings.", functions, NULL, NULL)},
        };

        static const llmdo_plugin \(identifier)_plugin = {
            .struct_size = sizeof(llmdo_plugin),
            .abi_major = LLMDO_ABI_MAJOR,
            .abi_minor = LLMDO_ABI_MINOR,
            .toolset_count = LLMDO_COUNT(toolsets),
            .toolsets = toolsets,
        };
        LLMDO_EXPORT_PLUGIN(\(identifier)_plugin)

        """
    }

    static func cMakefile(name: String, include: String) -> String {
        """
        # Builds lib\(name).so with a plain C compiler.
        # LLMDO_INCLUDE: where llmdo_tool.h lives (`llmdo --print-include-dir`, or use
        # `pkg-config --cflags llmdo-tool` after `make install` of llmdo).
        LLMDO_INCLUDE ?= \(include)
        CC ?= cc
        CFLAGS ?= -std=c11 -O2 -Wall -Wextra -Werror

        # -fvisibility=hidden: export only llmdo_entry_v1; -Bsymbolic: own calls bind to own symbols.
        lib\(name).so: \(name).c
        \t$(CC) $(CFLAGS) -fPIC -shared -fvisibility=hidden -Wl,-Bsymbolic -I$(LLMDO_INCLUDE) -o $@ \(name).c

        clean:
        \trm -f lib\(name).so

        .PHONY: clean

        """
    }

    // MARK: Rust

    static func rustSource(name: String) -> String {
        """
        //! \(name): an llmdo tool plugin in Rust, built by rustc alone (see the Makefile).
        //!
        //!   hello(name, times = 1) -> text
        mod llmdo_tool; // the repr(C) mirror of llmdo_tool.h, copied from llmdo

        use llmdo_tool::*;
        use std::ffi::{c_char, CStr, CString};
        use std::panic::{catch_unwind, AssertUnwindSafe};

        /// Runs a tool body; Ok(text) is the result, Err or a panic becomes api.fail. Nothing
        /// unwinds into the host (that would abort it).
        fn guarded(ctx: *const LlmdoCtx, body: impl FnOnce() -> Result<String, String>) -> i32 {
            // SAFETY: the host passes a valid ctx and api for the length of the call.
            let api = unsafe { &*(*ctx).api };
            let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
                let message = payload.downcast_ref::<&str>().map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_string());
                Err(format!("panic: {message}"))
            });
            match outcome {
                // SAFETY: the host copies the bytes before returning.
                Ok(text) => unsafe { (api.set_result)(ctx, text.as_ptr().cast(), text.len()) },
                Err(message) => {
                    let message = CString::new(message.replace('\\0', " ")).unwrap_or_default();
                    unsafe { (api.fail)(ctx, message.as_ptr()) }
                }
            }
        }

        unsafe extern "C" fn hello(ctx: *const LlmdoCtx, name: *const c_char, times: i64) -> i32 {
            guarded(ctx, || {
                // SAFETY: a required string parameter is NUL-terminated UTF-8, valid for the call.
                let name = unsafe { CStr::from_ptr(name) }.to_str().map_err(|e| e.to_string())?;
                if !(1..=10).contains(&times) {
                    return Err("times must be between 1 and 10".to_string());
                }
                Ok(vec![format!("hello, {name}"); times as usize].join("\\n"))
            })
        }

        type HelloFn = unsafe extern "C" fn(*const LlmdoCtx, *const c_char, i64) -> i32;

        static HELLO_PARAMS: [LlmdoParam; 2] = [
            LlmdoParam { name: c"name".as_ptr(), type_: LLMDO_T_STR, reserved: 0 },
            LlmdoParam { name: c"times".as_ptr(), type_: LLMDO_T_I64, reserved: 0 },
        ];

        static FUNCTIONS: [LlmdoFunction; 1] = [LlmdoFunction {
            struct_size: std::mem::size_of::<LlmdoFunction>() as u32,
            flags: LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE,
            name: c"hello".as_ptr(),
            description: c"Greets someone, a few times.".as_ptr(),
            parameters_schema: cr#"{"type":"object","properties":{"name":{"type":"string","description":"Who to greet."},"times":{"type":"integer","description":"How many times, 1 to 10.","default":1}},"required":["name"],"additionalProperties":false}"#.as_ptr(),
            params: &HELLO_PARAMS as *const LlmdoParam,
            param_count: 2,
            result_type: LLMDO_R_TEXT,
            approval: LLMDO_APPROVAL_PRE_APPROVED,
            reserved: 0,
            // SAFETY: the host calls it back with its real signature (the params above).
            fn_: Some(unsafe { std::mem::transmute::<HelloFn, unsafe extern "C" fn()>(hello) }),
            needs_approval: None,
        }];

        static TOOLSETS: [LlmdoToolset; 1] = [LlmdoToolset {
            struct_size: std::mem::size_of::<LlmdoToolset>() as u32,
            function_count: 1,
            name: c"\(name)".as_ptr(),
            version: c"0.1.0".as_ptr(),
            description: c"Greetings.".as_ptr(),
            functions: &FUNCTIONS as *const LlmdoFunction,
            create_instance: None,
            destroy_instance: None,
        }];

        static PLUGIN: LlmdoPlugin = LlmdoPlugin {
            struct_size: std::mem::size_of::<LlmdoPlugin>() as u32,
            abi_major: LLMDO_ABI_MAJOR,
            abi_minor: LLMDO_ABI_MINOR,
            toolset_count: 1,
            toolsets: &TOOLSETS as *const LlmdoToolset,
            entry_count: 0,
            reserved: 0,
            entries: std::ptr::null(),
            init: None,
            shutdown: None,
        };

        /// The only exported symbol.
        #[no_mangle]
        pub extern "C" fn llmdo_entry_v1(_api: *const LlmdoHostApi) -> *const LlmdoPlugin {
            &PLUGIN
        }

        """
    }

    static func rustMakefile(name: String, crate: String) -> String {
        """
        # Builds lib\(name).so with rustc alone (no Cargo). panic=unwind (the default) is what
        # lets catch_unwind in lib.rs stop a panic at the boundary.
        RUSTC ?= rustc

        lib\(name).so: lib.rs llmdo_tool.rs
        \t$(RUSTC) --edition 2021 --crate-type cdylib -C opt-level=2 -C panic=unwind --crate-name \(crate) -o $@ lib.rs

        clean:
        \trm -f lib\(name).so

        .PHONY: clean

        """
    }

    // MARK: Swift

    static func swiftSource(name: String) -> String {
        """
        // \(name): an llmdo tool plugin in Swift, built by swiftc without SwiftPM (see the
        // Makefile): LLMDoPluginKit's sources compile into this module and build the descriptors.
        //
        //   hello(name, times = 1) -> text
        import LLMDoToolABI

        private let hello: @convention(c) (UnsafePointer<llmdo_ctx>?, UnsafePointer<CChar>?, Int64) -> Int32 = {
            context, name, times in
            guard let context, let name else { return LLMDO_FAILED }
            guard (1...10).contains(times) else { return context.retry("times must be between 1 and 10") }
            let line = "hello, \\(String(cString: name))"
            return context.setResult(Array(repeating: line, count: Int(times)).joined(separator: "\\n"))
        }

        private let plugin = Plugin(toolsets: [
            Toolset(
                "\(name)", version: "0.1.0", "Greetings.",
                functions: [
                    Function(
                        "hello", "Greets someone, a few times.",
                        parameters: [.string("name", "Who to greet."), .int("times", "How many times, 1 to 10.", default: 1)],
                        returns: .text, takesContext: true, hello)
                ])
        ])

        /// The plugin's one exported symbol.
        @_cdecl("llmdo_entry_v1")
        public func llmdoEntry(_ api: UnsafePointer<llmdo_host_api>?) -> UnsafePointer<llmdo_plugin>? { plugin.descriptor }

        """
    }

    static func swiftMakefile(name: String, module: String, include: String, kit: String) -> String {
        """
        # Builds lib\(name).so with swiftc alone: the plugin and LLMDoPluginKit's sources in one
        # module, llmdo_tool.h imported through a generated module map. -Bsymbolic: the plugin's
        # own calls bind to its own symbols, never the host's.
        LLMDO_INCLUDE ?= \(include)
        LLMDO_SWIFT_KIT ?= \(kit)
        SWIFTC ?= swiftc

        lib\(name).so: \(module).swift build/module.modulemap
        \t$(SWIFTC) -emit-library -parse-as-library -swift-version 6 -O -module-name \(module) \\
        \t\t-Xcc -fmodule-map-file=build/module.modulemap -Xlinker -Bsymbolic \\
        \t\t-o $@ \(module).swift $(wildcard $(LLMDO_SWIFT_KIT)/*.swift)

        build/module.modulemap:
        \tmkdir -p build
        \tprintf 'module LLMDoToolABI {\\n    header "%s/llmdo_tool.h"\\n    export *\\n}\\n' "$(LLMDO_INCLUDE)" > $@

        clean:
        \trm -rf lib\(name).so build

        .PHONY: clean

        """
    }
}
