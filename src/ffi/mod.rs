//! The C ABI. The only module with `unsafe` and raw pointers.
//!
//! Conventions (see README.md, "The C ABI"):
//! - Strings are UTF-8 and NUL-terminated. A non-UTF-8 argument is `VBOMFA_INVALID_ARGUMENT`.
//! - Fallible functions return a `vbomfa_status` (`VBOMFA_*`).
//! - Every `char **out_json` is set to NULL on entry and, on return, holds an owned JSON
//!   document (result, pending note or error object) that the caller frees with
//!   `vbomfa_string_free`. A NULL `out_json` is allowed.
//! - Every export runs behind one panic boundary (`boundary::guard`) and reports a panic as
//!   `VBOMFA_INTERNAL`; nothing is printed.
//! - All functions are thread-safe.
//!
//! `boundary` is the panic boundary and the argument conversions, `documents` turns each typed
//! result into its JSON document (the only place that does), `flow_handles` keeps the live
//! flows, and `flow`, `vbo`, `strings` hold the exports.

mod boundary;
mod documents;
mod flow;
mod flow_handles;
/// cbindgen:ignore
mod fork;
mod json_string;
mod pin;
mod strings;
mod vbo;

pub use crate::status::constants::*;
pub use flow::*;
pub(crate) use fork::process_id;
pub(crate) use pin::pin_library;
pub use strings::*;
pub use vbo::*;

/// A status number, one of the `VBOMFA_*` constants.
#[allow(non_camel_case_types)]
pub type vbomfa_status = i32;

/// A device-code sign-in in progress (opaque).
///
/// Created by `vbomfa_start_device_flow`; freed with `vbomfa_flow_free`.
/// Methods: `vbomfa_poll_token`, `vbomfa_wait_token`, `vbomfa_cancel_flow`,
/// `vbomfa_flow_free`. May be used from several threads at once. It must not be used after
/// `vbomfa_flow_free`; a thread still inside a call on it when another frees it gets
/// `VBOMFA_CANCELLED` (the flow lives until that call returns).
pub struct VbomfaFlow {
    _private: [u8; 0],
}
