//! rust_plugin: an llmdo tool plugin in Rust, built by `rustc` alone (see the Makefile).
//!
//!   reverse(text) -> text    reverses a text by characters
//!   shout(text) -> text      upper-cases a text; panics on an empty one, to show the guard:
//!                            the panic is caught and becomes a tool error, the host lives on
#[path = "../../bindings/rust/llmdo_tool.rs"]
mod llmdo_tool;

use llmdo_tool::*;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs a tool body with its ctx; a panic (or an Err) becomes `api.fail`, never an unwind
/// across the C boundary (which would abort the host). `Ok(text)` is the call's result.
fn guarded(ctx: *const LlmdoCtx, body: impl FnOnce() -> Result<String, String>) -> i32 {
    // SAFETY: the host passes a valid ctx, and its api, for the length of the call.
    let api = unsafe { &*(*ctx).api };
    let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Err(format!("panic: {message}"))
    });
    match outcome {
        // SAFETY: set_result copies `len` bytes before returning.
        Ok(text) => unsafe { (api.set_result)(ctx, text.as_ptr().cast(), text.len()) },
        Err(message) => {
            let message = CString::new(message.replace('\0', " ")).unwrap_or_default();
            // SAFETY: fail copies the NUL-terminated message.
            unsafe { (api.fail)(ctx, message.as_ptr()) }
        }
    }
}

/// A borrowed argument string (valid until the call returns) as UTF-8.
fn text_arg<'a>(text: *const c_char) -> Result<&'a str, String> {
    // SAFETY: the host passes NUL-terminated UTF-8 for a required string parameter.
    unsafe { CStr::from_ptr(text) }.to_str().map_err(|e| e.to_string())
}

unsafe extern "C" fn reverse(ctx: *const LlmdoCtx, text: *const c_char) -> i32 {
    guarded(ctx, || Ok(text_arg(text)?.chars().rev().collect()))
}

unsafe extern "C" fn shout(ctx: *const LlmdoCtx, text: *const c_char) -> i32 {
    guarded(ctx, || {
        let text = text_arg(text)?;
        if text.is_empty() {
            panic!("nothing to shout");
        }
        Ok(text.to_uppercase())
    })
}

type TextFn = unsafe extern "C" fn(*const LlmdoCtx, *const c_char) -> i32;

/// A function pointer as the descriptor's untyped `fn`.
const fn erase(f: TextFn) -> Option<unsafe extern "C" fn()> {
    // SAFETY: function pointers have one size; the host calls it back with its real signature.
    Some(unsafe { std::mem::transmute::<TextFn, unsafe extern "C" fn()>(f) })
}

static TEXT_PARAM: [LlmdoParam; 1] = [LlmdoParam { name: c"text".as_ptr(), type_: LLMDO_T_STR, reserved: 0 }];
const TEXT_SCHEMA: &CStr = cr#"{"type":"object","properties":{"text":{"type":"string","description":"Any text."}},"required":["text"],"additionalProperties":false}"#;

const fn text_function(name: &'static CStr, description: &'static CStr, f: TextFn) -> LlmdoFunction {
    LlmdoFunction {
        struct_size: std::mem::size_of::<LlmdoFunction>() as u32,
        flags: LLMDO_FN_TAKES_CTX | LLMDO_FN_THREAD_SAFE,
        name: name.as_ptr(),
        description: description.as_ptr(),
        parameters_schema: TEXT_SCHEMA.as_ptr(),
        params: &TEXT_PARAM as *const LlmdoParam,
        param_count: 1,
        result_type: LLMDO_R_TEXT,
        approval: LLMDO_APPROVAL_PRE_APPROVED,
        reserved: 0,
        fn_: erase(f),
        needs_approval: None,
    }
}

static FUNCTIONS: [LlmdoFunction; 2] = [
    text_function(c"reverse", c"Reverses a text by characters.", reverse),
    text_function(c"shout", c"Upper-cases a text (an empty one makes it panic).", shout),
];

static TOOLSETS: [LlmdoToolset; 1] = [LlmdoToolset {
    struct_size: std::mem::size_of::<LlmdoToolset>() as u32,
    function_count: 2,
    name: c"rust_tools".as_ptr(),
    version: c"1.0.0".as_ptr(),
    description: c"Text tools written in Rust.".as_ptr(),
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
