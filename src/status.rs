//! The one status enum of the library, generated from the table in `status_table.rs` together
//! with the `VBOMFA_*` constants of the C ABI (build.rs writes the header's `#define`s from the
//! same table).

use std::ffi::CStr;

macro_rules! status_table {
    ($( $(#[doc = $doc:literal])* $variant:ident = $number:literal => $c_name:ident, )*) => {
        /// Outcome of a library call, with the stable number the C ABI returns.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(i32)]
        pub enum Status {
            $( $(#[doc = $doc])* $variant = $number, )*
        }

        impl Status {
            /// Every status, in number order.
            pub const ALL: &'static [Status] = &[$(Status::$variant),*];

            /// The C name as a static NUL-terminated string, e.g. `VBOMFA_PENDING`.
            pub fn c_name(self) -> &'static CStr {
                match self {
                    $( Status::$variant => {
                        const NAME: &CStr = match CStr::from_bytes_with_nul(
                            concat!(stringify!($c_name), "\0").as_bytes(),
                        ) {
                            Ok(name) => name,
                            Err(_) => panic!("a status name holds a NUL"),
                        };
                        NAME
                    } )*
                }
            }
        }

        /// The `VBOMFA_*` constants of the C ABI (re-exported by `ffi`).
        pub mod constants {
            $( $(#[doc = $doc])* pub const $c_name: i32 = $number; )*
        }
    };
}

include!("status_table.rs");

impl Status {
    /// The stable number of this status.
    pub fn code(self) -> i32 {
        self as i32
    }

    /// The C name, e.g. `VBOMFA_PENDING`.
    pub fn name(self) -> &'static str {
        self.c_name().to_str().unwrap_or("VBOMFA_UNKNOWN")
    }

    /// The status with this number, if there is one.
    pub fn from_code(code: i32) -> Option<Status> {
        Status::ALL.iter().copied().find(|s| s.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_stable() {
        let pairs: Vec<(i32, &str)> = Status::ALL.iter().map(|s| (s.code(), s.name())).collect();
        assert_eq!(
            pairs,
            vec![
                (0, "VBOMFA_OK"),
                (1, "VBOMFA_PENDING"),
                (10, "VBOMFA_DECLINED"),
                (11, "VBOMFA_EXPIRED"),
                (12, "VBOMFA_CANCELLED"),
                (13, "VBOMFA_TIMEOUT"),
                (20, "VBOMFA_INVALID_ARGUMENT"),
                (30, "VBOMFA_NETWORK"),
                (31, "VBOMFA_TLS"),
                (40, "VBOMFA_IDP_ERROR"),
                (41, "VBOMFA_VBO_REJECTED"),
                (42, "VBOMFA_HTTP_ERROR"),
                (43, "VBOMFA_PROTOCOL"),
                (99, "VBOMFA_INTERNAL"),
            ]
        );
        assert_eq!(Status::from_code(41), Some(Status::VboRejected));
        assert_eq!(Status::from_code(2), None);
        assert_eq!(constants::VBOMFA_TLS, Status::Tls.code());
    }
}
