//! llmdo_tool.rs: a hand-written `#[repr(C)]` mirror of `llmdo_tool.h` (LLMDoToolABI 1.0) for
//! Rust plugins. One file, no dependencies: copy it into your crate (`mod llmdo_tool;`) and
//! build with `rustc --edition 2021 --crate-type cdylib`. The header is the contract; the
//! `const` assertions at the end fail the build if this mirror and the header's layout (the
//! sizes and offsets checked in Sources/LLMDoToolABI/abi_layout.c) ever disagree, and a test
//! compares this file with the header. See docs/plugin-abi.md, "Rust".
//!
//! After the mirror, a few helpers that are not ABI: a `const fn new` for each
//! descriptor (so they can be `static`s), `guarded` (the panic guard) and `str_arg`.
//!
//! Rules the types cannot express (the header's, restated):
//! - Nothing may unwind across the boundary: run every function the host calls through
//!   `guarded` (or your own `std::panic::catch_unwind`), which turns a panic into `api.fail`.
//! - Descriptors (everything reachable from `LlmdoPlugin`, and their strings) must live for the
//!   whole process: build them in `static`s or leak them once.
//! - Strings are NUL-terminated UTF-8 (`c"..."` literals, `CStr`).
#![allow(dead_code, non_camel_case_types)]

use std::ffi::{c_char, c_void, CStr, CString};
use std::mem::size_of;

pub const LLMDO_ABI_MAJOR: u32 = 1;
pub const LLMDO_ABI_MINOR: u32 = 2;
/// The one exported symbol: `#[no_mangle] pub extern "C" fn llmdo_entry_v1(...)`.
pub const LLMDO_ENTRY_SYMBOL: &str = "llmdo_entry_v1";

/// A boolean in the ABI: 0 or 1 (never Rust `bool`).
pub type LlmdoBool = i32;

// Status codes.
pub const LLMDO_OK: i32 = 0;
pub const LLMDO_RETRY: i32 = 1;
pub const LLMDO_FAILED: i32 = 2;
pub const LLMDO_CANCELLED: i32 = 3;

// Parameter types.
pub const LLMDO_T_BOOL: u32 = 1;
pub const LLMDO_T_I64: u32 = 2;
pub const LLMDO_T_F64: u32 = 3;
pub const LLMDO_T_STR: u32 = 4;
pub const LLMDO_T_JSON: u32 = 5;

// Result types.
pub const LLMDO_R_JSON: u32 = 0;
pub const LLMDO_R_TEXT: u32 = 1;
pub const LLMDO_R_I64: u32 = 2;
pub const LLMDO_R_F64: u32 = 3;
pub const LLMDO_R_BOOL: u32 = 4;

// Function flags.
pub const LLMDO_FN_TAKES_CTX: u32 = 1 << 0;
pub const LLMDO_FN_THREAD_SAFE: u32 = 1 << 1;
/// (1.2) Running a call twice has the effect of running it once: a resumed run may run it again.
pub const LLMDO_FN_IDEMPOTENT: u32 = 1 << 2;

// Approval.
pub const LLMDO_APPROVAL_PRE_APPROVED: u32 = 0;
pub const LLMDO_APPROVAL_ALWAYS: u32 = 1;
pub const LLMDO_APPROVAL_PER_CALL: u32 = 2;

// Log levels.
pub const LLMDO_LOG_DEBUG: i32 = 0;
pub const LLMDO_LOG_INFO: i32 = 1;
pub const LLMDO_LOG_WARNING: i32 = 2;
pub const LLMDO_LOG_ERROR: i32 = 3;

/// The host's services (host-owned, valid for the life of the process).
#[repr(C)]
pub struct LlmdoHostApi {
    pub struct_size: u32,
    pub abi_minor: u32,
    pub log: unsafe extern "C" fn(ctx: *const LlmdoCtx, level: i32, message: *const c_char),
    pub set_result: unsafe extern "C" fn(ctx: *const LlmdoCtx, text: *const c_char, len: usize) -> i32,
    pub fail: unsafe extern "C" fn(ctx: *const LlmdoCtx, message: *const c_char) -> i32,
    pub retry: unsafe extern "C" fn(ctx: *const LlmdoCtx, message: *const c_char) -> i32,
    pub call_worker: unsafe extern "C" fn(
        ctx: *const LlmdoCtx,
        name: *const c_char,
        input_json: *const c_char,
        out: *mut *const c_char,
    ) -> i32,
    pub call_tool: unsafe extern "C" fn(
        ctx: *const LlmdoCtx,
        name: *const c_char,
        arguments_json: *const c_char,
        out: *mut *const c_char,
    ) -> i32,
    pub instance: unsafe extern "C" fn(ctx: *const LlmdoCtx) -> *mut c_void,
    pub is_cancelled: unsafe extern "C" fn(ctx: *const LlmdoCtx) -> LlmdoBool,
    pub project_root: unsafe extern "C" fn(ctx: *const LlmdoCtx) -> *const c_char,
    /// 1.1+: the real path of the plugin file holding `address` (NULL outside every plugin).
    /// Read it only when `struct_size` covers it (`struct_size >= 88`): a 1.0 host has no such field.
    pub plugin_path: unsafe extern "C" fn(address: *const c_void) -> *const c_char,
    // Append only. Read a later field only when `struct_size` covers it.
}

/// One call's host state (borrowed for the call).
#[repr(C)]
pub struct LlmdoCtx {
    pub struct_size: u32,
    pub reserved: u32,
    pub api: *const LlmdoHostApi,
    pub host_private: *mut c_void,
}

pub type LlmdoNeedsApprovalFn = unsafe extern "C" fn(
    ctx: *const LlmdoCtx,
    arguments_json: *const c_char,
    description: *mut c_char,
    capacity: usize,
) -> LlmdoBool;

#[repr(C)]
pub struct LlmdoParam {
    pub name: *const c_char,
    pub type_: u32,
    pub reserved: u32,
}

#[repr(C)]
pub struct LlmdoFunction {
    pub struct_size: u32,
    pub flags: u32,
    pub name: *const c_char,
    pub description: *const c_char,
    pub parameters_schema: *const c_char,
    pub params: *const LlmdoParam,
    pub param_count: u32,
    pub result_type: u32,
    pub approval: u32,
    pub reserved: u32,
    /// The real function, cast: `Some(unsafe { std::mem::transmute(f as *const ()) })`.
    pub fn_: Option<unsafe extern "C" fn()>,
    pub needs_approval: Option<LlmdoNeedsApprovalFn>,
}

#[repr(C)]
pub struct LlmdoToolset {
    pub struct_size: u32,
    pub function_count: u32,
    pub name: *const c_char,
    pub version: *const c_char,
    pub description: *const c_char,
    pub functions: *const LlmdoFunction,
    pub create_instance: Option<unsafe extern "C" fn(ctx: *const LlmdoCtx, out_instance: *mut *mut c_void) -> i32>,
    pub destroy_instance: Option<unsafe extern "C" fn(instance: *mut c_void)>,
}

#[repr(C)]
pub struct LlmdoCodeEntry {
    pub struct_size: u32,
    pub reserved: u32,
    pub name: *const c_char,
    pub description: *const c_char,
    pub run: Option<unsafe extern "C" fn(ctx: *const LlmdoCtx, input_json: *const c_char) -> i32>,
}

#[repr(C)]
pub struct LlmdoPlugin {
    pub struct_size: u32,
    pub abi_major: u32,
    pub abi_minor: u32,
    pub toolset_count: u32,
    pub toolsets: *const LlmdoToolset,
    pub entry_count: u32,
    pub reserved: u32,
    pub entries: *const LlmdoCodeEntry,
    pub init: Option<unsafe extern "C" fn(api: *const LlmdoHostApi, err: *mut c_char, capacity: usize) -> i32>,
    pub shutdown: Option<unsafe extern "C" fn()>,
}

// Descriptors hold raw pointers to data that lives for the process (statics), so they may sit
// in `static`s; the host reads them from any thread but never writes them.
unsafe impl Sync for LlmdoParam {}
unsafe impl Sync for LlmdoFunction {}
unsafe impl Sync for LlmdoToolset {}
unsafe impl Sync for LlmdoCodeEntry {}
unsafe impl Sync for LlmdoPlugin {}

pub type LlmdoEntryFn = unsafe extern "C" fn(api: *const LlmdoHostApi) -> *const LlmdoPlugin;

// ---- Helpers (not ABI): constant descriptors and the panic guard --------------------------

impl LlmdoParam {
    pub const fn new(name: &'static CStr, type_: u32) -> Self {
        LlmdoParam { name: name.as_ptr(), type_, reserved: 0 }
    }
}

impl LlmdoFunction {
    /// A pre-approved function. `f` is the real function cast to the untyped pointer:
    /// `unsafe { std::mem::transmute::<YourFnType, unsafe extern "C" fn()>(your_fn) }`.
    pub const fn new(
        name: &'static CStr,
        description: &'static CStr,
        parameters_schema: &'static CStr,
        params: &'static [LlmdoParam],
        result_type: u32,
        flags: u32,
        f: unsafe extern "C" fn(),
    ) -> Self {
        LlmdoFunction {
            struct_size: size_of::<LlmdoFunction>() as u32,
            flags,
            name: name.as_ptr(),
            description: description.as_ptr(),
            parameters_schema: parameters_schema.as_ptr(),
            params: params.as_ptr(),
            param_count: params.len() as u32,
            result_type,
            approval: LLMDO_APPROVAL_PRE_APPROVED,
            reserved: 0,
            fn_: Some(f),
            needs_approval: None,
        }
    }

    /// The same function with another approval (`needs_approval` for LLMDO_APPROVAL_PER_CALL).
    pub const fn with_approval(mut self, approval: u32, needs_approval: Option<LlmdoNeedsApprovalFn>) -> Self {
        self.approval = approval;
        self.needs_approval = needs_approval;
        self
    }
}

impl LlmdoToolset {
    pub const fn new(
        name: &'static CStr,
        version: &'static CStr,
        description: &'static CStr,
        functions: &'static [LlmdoFunction],
    ) -> Self {
        LlmdoToolset {
            struct_size: size_of::<LlmdoToolset>() as u32,
            function_count: functions.len() as u32,
            name: name.as_ptr(),
            version: version.as_ptr(),
            description: description.as_ptr(),
            functions: functions.as_ptr(),
            create_instance: None,
            destroy_instance: None,
        }
    }
}

impl LlmdoPlugin {
    /// A plugin of toolsets (set `entries`, `init` and `shutdown` on the value when needed).
    pub const fn new(toolsets: &'static [LlmdoToolset]) -> Self {
        LlmdoPlugin {
            struct_size: size_of::<LlmdoPlugin>() as u32,
            abi_major: LLMDO_ABI_MAJOR,
            abi_minor: LLMDO_ABI_MINOR,
            toolset_count: toolsets.len() as u32,
            toolsets: toolsets.as_ptr(),
            entry_count: 0,
            reserved: 0,
            entries: std::ptr::null(),
            init: None,
            shutdown: None,
        }
    }
}

/// Runs a tool body for a status-returning function: `Ok(text)` becomes the result
/// (`set_result`), and an `Err(message)` or a panic becomes `api.fail`. Nothing unwinds into
/// the host, which a panic crossing `extern "C"` would abort. Keep `-C panic=unwind` (the
/// default): with `panic=abort` there is nothing to catch.
pub fn guarded(ctx: *const LlmdoCtx, body: impl FnOnce() -> Result<String, String>) -> i32 {
    use std::panic::{catch_unwind, AssertUnwindSafe};
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

/// A required string argument (borrowed until the call returns) as UTF-8.
pub fn str_arg<'a>(text: *const c_char) -> Result<&'a str, String> {
    if text.is_null() {
        return Err("missing string argument".to_string());
    }
    // SAFETY: the host passes NUL-terminated UTF-8 that lives until the call returns.
    unsafe { CStr::from_ptr(text) }.to_str().map_err(|e| e.to_string())
}

// ---- Layout checks (LP64: x86_64, aarch64), the same numbers as abi_layout.c --------------
#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::offset_of;
    assert!(size_of::<LlmdoHostApi>() == 88);
    assert!(offset_of!(LlmdoHostApi, log) == 8);
    assert!(offset_of!(LlmdoHostApi, call_worker) == 40);
    assert!(offset_of!(LlmdoHostApi, project_root) == 72);
    assert!(offset_of!(LlmdoHostApi, plugin_path) == 80);
    assert!(size_of::<LlmdoCtx>() == 24);
    assert!(offset_of!(LlmdoCtx, api) == 8);
    assert!(offset_of!(LlmdoCtx, host_private) == 16);
    assert!(size_of::<LlmdoParam>() == 16);
    assert!(size_of::<LlmdoFunction>() == 72);
    assert!(offset_of!(LlmdoFunction, parameters_schema) == 24);
    assert!(offset_of!(LlmdoFunction, param_count) == 40);
    assert!(offset_of!(LlmdoFunction, approval) == 48);
    assert!(offset_of!(LlmdoFunction, fn_) == 56);
    assert!(offset_of!(LlmdoFunction, needs_approval) == 64);
    assert!(size_of::<LlmdoToolset>() == 56);
    assert!(offset_of!(LlmdoToolset, functions) == 32);
    assert!(offset_of!(LlmdoToolset, destroy_instance) == 48);
    assert!(size_of::<LlmdoCodeEntry>() == 32);
    assert!(offset_of!(LlmdoCodeEntry, run) == 24);
    assert!(size_of::<LlmdoPlugin>() == 56);
    assert!(offset_of!(LlmdoPlugin, toolsets) == 16);
    assert!(offset_of!(LlmdoPlugin, entries) == 32);
    assert!(offset_of!(LlmdoPlugin, shutdown) == 48);
};
