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

    static func cSource(name: String) -> String {
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

        static const llmdo_plugin plugin = {LLMDO_PLUGIN(toolsets)};
        LLMDO_EXPORT_PLUGIN(plugin)

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
        mod llmdo_tool; // the repr(C) mirror of llmdo_tool.h and its helpers, copied from llmdo

        use llmdo_tool::*;
        use std::ffi::c_char;

        // `guarded` runs the body: Ok(text) is the result; an Err or a panic becomes api.fail,
        // and nothing unwinds into the host (that would abort it).
        unsafe extern "C" fn hello(ctx: *const LlmdoCtx, name: *const c_char, times: i64) -> i32 {
            guarded(ctx, || {
                let name = str_arg(name)?;
                if !(1..=10).contains(&times) {
                    return Err("times must be between 1 and 10".to_string());
                }
                Ok(vec![format!("hello, {name}"); times as usize].join("\\n"))
            })
        }

        type HelloFn = unsafe extern "C" fn(*const LlmdoCtx, *const c_char, i64) -> i32;

        static HELLO_PARAMS: [LlmdoParam; 2] = [LlmdoParam::new(c"name", LLMDO_T_STR), LlmdoParam::new(c"times", LLMDO_T_I64)];

        static FUNCTIONS: [LlmdoFunction; 1] = [LlmdoFunction::new(
            c"hello",
            c"Greets someone, a few times.",
            cr#"{"type":"object","properties":{"name":{"type":"string","description":"Who to greet."},"times":{"type":"integer","description":"How many times, 1 to 10.","default":1}},"required":["name"],"additionalProperties":false}"#,
            &HELLO_PARAMS,
            LLMDO_R_TEXT,
            LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE,
            // SAFETY: the host calls it back with its real signature (the params above).
            unsafe { std::mem::transmute::<HelloFn, unsafe extern "C" fn()>(hello) },
        )];

        static TOOLSETS: [LlmdoToolset; 1] = [LlmdoToolset::new(c"\(name)", c"0.1.0", c"Greetings.", &FUNCTIONS)];
        static PLUGIN: LlmdoPlugin = LlmdoPlugin::new(&TOOLSETS);

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
