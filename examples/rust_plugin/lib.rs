//! rust_plugin: an llmdo tool plugin in Rust, built by `rustc` alone (see the Makefile).
//!
//!   reverse(text) -> text    reverses a text by characters
//!   shout(text) -> text      upper-cases a text; panics on an empty one, to show the guard:
//!                            the panic is caught and becomes a tool error, the host lives on
#[path = "../../bindings/rust/llmdo_tool.rs"]
mod llmdo_tool;

use llmdo_tool::*;
use std::ffi::{c_char, CStr};

// Every exported function runs its body through `guarded`: Ok(text) is the result, an Err or
// a panic becomes api.fail, and nothing unwinds into the host.
unsafe extern "C" fn reverse(ctx: *const LlmdoCtx, text: *const c_char) -> i32 {
    guarded(ctx, || Ok(str_arg(text)?.chars().rev().collect()))
}

unsafe extern "C" fn shout(ctx: *const LlmdoCtx, text: *const c_char) -> i32 {
    guarded(ctx, || {
        let text = str_arg(text)?;
        if text.is_empty() {
            panic!("nothing to shout");
        }
        Ok(text.to_uppercase())
    })
}

type TextFn = unsafe extern "C" fn(*const LlmdoCtx, *const c_char) -> i32;

/// A pre-approved, thread-safe function of one string parameter `text`, returning text.
const fn text_function(name: &'static CStr, description: &'static CStr, f: TextFn) -> LlmdoFunction {
    static TEXT: [LlmdoParam; 1] = [LlmdoParam::new(c"text", LLMDO_T_STR)];
    const SCHEMA: &CStr = cr#"{"type":"object","properties":{"text":{"type":"string","description":"Any text.","examples":["stressed"]}},"required":["text"],"additionalProperties":false}"#;
    // SAFETY: function pointers have one size; the host calls it back with its real signature.
    let erased = unsafe { std::mem::transmute::<TextFn, unsafe extern "C" fn()>(f) };
    LlmdoFunction::new(name, description, SCHEMA, &TEXT, LLMDO_R_TEXT, LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE, erased)
}

static FUNCTIONS: [LlmdoFunction; 2] = [
    text_function(c"reverse", c"Reverses a text by characters.", reverse),
    text_function(c"shout", c"Upper-cases a text (an empty one makes it panic).", shout),
];
static TOOLSETS: [LlmdoToolset; 1] = [LlmdoToolset::new(c"rust_tools", c"1.0.0", c"Text tools written in Rust.", &FUNCTIONS)];
static PLUGIN: LlmdoPlugin = LlmdoPlugin::new(&TOOLSETS);

/// The only exported symbol.
#[no_mangle]
pub extern "C" fn llmdo_entry_v1(_api: *const LlmdoHostApi) -> *const LlmdoPlugin {
    &PLUGIN
}
