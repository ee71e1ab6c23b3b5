//! HTTP plumbing shared by both hops.
//!
//! Imports go one way: `reply` (an answer read in full) and `client` (the connection pools)
//! stand alone; `transport_error` turns a failed exchange into a `SendError`; `send` sends and
//! reads with bounds and retries; `answer` sorts a reply in the one order both hops use
//! (redirect, OAuth error, HTML page, JSON); `form` builds the form POSTs both hops send.

mod answer;
mod client;
mod form;
mod reply;
mod send;
mod transport_error;

pub use answer::Answer;
pub use client::{client_for, Connection};
pub use form::{form_body, form_post};
pub use reply::Reply;
pub use send::{send, send_blocking, Retry};
