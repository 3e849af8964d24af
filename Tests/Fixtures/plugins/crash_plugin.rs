// crash_plugin.rs: the isolation tests' Rust plugin, built with `rustc --crate-type cdylib`.
// Its one tool, crashy.boom, counts its calls in a file in the project root and panics on the
// first (a panic cannot unwind out of an `extern "C"` function: the process aborts); every other
// call answers "call N ok". The structs mirror llmdo_tool.h (ABI 1.0) field by field.
use std::ffi::{c_char, c_void, CStr};
use std::ptr::null;

#[repr(C)]
pub struct HostApi {
    struct_size: u32,
    abi_minor: u32,
    log: extern "C" fn(*const Ctx, i32, *const c_char),
    set_result: extern "C" fn(*const Ctx, *const c_char, usize) -> i32,
    fail: *const c_void,
    retry: *const c_void,
    call_worker: *const c_void,
    call_tool: *const c_void,
    instance: *const c_void,
    is_cancelled: *const c_void,
    project_root: extern "C" fn(*const Ctx) -> *const c_char,
}

#[repr(C)]
pub struct Ctx {
    struct_size: u32,
    reserved: u32,
    api: *const HostApi,
    host_private: *mut c_void,
}

#[repr(C)]
pub struct Function {
    struct_size: u32,
    flags: u32,
    name: *const c_char,
    description: *const c_char,
    parameters_schema: *const c_char,
    params: *const c_void,
    param_count: u32,
    result_type: u32,
    approval: u32,
    reserved: u32,
    function: extern "C" fn(*const Ctx) -> i32,
    needs_approval: *const c_void,
}

#[repr(C)]
pub struct Toolset {
    struct_size: u32,
    function_count: u32,
    name: *const c_char,
    version: *const c_char,
    description: *const c_char,
    functions: *const Function,
    create_instance: *const c_void,
    destroy_instance: *const c_void,
}

#[repr(C)]
pub struct Plugin {
    struct_size: u32,
    abi_major: u32,
    abi_minor: u32,
    toolset_count: u32,
    toolsets: *const Toolset,
    entry_count: u32,
    reserved: u32,
    entries: *const c_void,
    init: *const c_void,
    shutdown: *const c_void,
}

extern "C" fn boom(ctx: *const Ctx) -> i32 {
    let api = unsafe { &*(*ctx).api };
    let root = unsafe { CStr::from_ptr((api.project_root)(ctx)) }.to_string_lossy().into_owned();
    let path = format!("{root}/boom-count");
    let count = std::fs::read_to_string(&path).ok().and_then(|text| text.trim().parse::<u64>().ok()).unwrap_or(0) + 1;
    let _ = std::fs::write(&path, count.to_string());
    if count == 1 {
        panic!("deliberate panic in boom");
    }
    let text = format!("call {count} ok");
    (api.set_result)(ctx, text.as_ptr() as *const c_char, text.len())
}

#[no_mangle]
pub extern "C" fn llmdo_entry_v1(_api: *const HostApi) -> *const Plugin {
    let functions = Box::leak(Box::new([Function {
        struct_size: std::mem::size_of::<Function>() as u32,
        flags: 1, // LLMDO_FN_TAKES_CTX
        name: c"boom".as_ptr(),
        description: c"Panics once.".as_ptr(),
        parameters_schema: c"{\"type\":\"object\",\"properties\":{}}".as_ptr(),
        params: null(),
        param_count: 0,
        result_type: 1, // LLMDO_R_TEXT
        approval: 0,
        reserved: 0,
        function: boom,
        needs_approval: null(),
    }]));
    let toolsets = Box::leak(Box::new([Toolset {
        struct_size: std::mem::size_of::<Toolset>() as u32,
        function_count: 1,
        name: c"crashy".as_ptr(),
        version: c"1.0.0".as_ptr(),
        description: c"Misbehaves.".as_ptr(),
        functions: functions.as_ptr(),
        create_instance: null(),
        destroy_instance: null(),
    }]));
    Box::leak(Box::new(Plugin {
        struct_size: std::mem::size_of::<Plugin>() as u32,
        abi_major: 1,
        abi_minor: 0,
        toolset_count: 1,
        toolsets: toolsets.as_ptr(),
        entry_count: 0,
        reserved: 0,
        entries: null(),
        init: null(),
        shutdown: null(),
    }))
}
