//! On Windows, a host may unload a DLL (`FreeLibrary`) while the library's runtime threads
//! still run its code, which would crash the host. The library pins itself in memory the
//! first time it starts its runtime, so it stays loaded until the process ends.

/// Pins the library's module so that it is never unloaded (Windows); nothing elsewhere.
#[cfg(windows)]
pub(crate) fn pin_library() {
    use std::ffi::c_void;

    #[link(name = "kernel32")]
    extern "system" {
        fn GetModuleHandleExW(flags: u32, module_name: *const u16, module: *mut *mut c_void)
            -> i32;
    }
    const GET_MODULE_HANDLE_EX_FLAG_PIN: u32 = 0x1;
    const GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS: u32 = 0x4;

    let mut module: *mut c_void = std::ptr::null_mut();
    let inside_this_module = pin_library as *const () as *const u16;
    // SAFETY: with FROM_ADDRESS the name argument is any address inside the module (this
    // function's own code), and `module` is a valid place for the handle. The handle pins the
    // module and is never released, which is the point.
    let pinned = unsafe {
        GetModuleHandleExW(
            GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
            inside_this_module,
            &mut module,
        )
    };
    // Failing to pin leaves the library as safe as any other DLL: nothing else to do.
    let _ = pinned;
}

/// Pins the library's module so that it is never unloaded (Windows); nothing elsewhere.
#[cfg(not(windows))]
pub(crate) fn pin_library() {}
