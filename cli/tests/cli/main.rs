//! The `vbomfa` binary end to end, in one test program (so that the shared helpers in
//! `support` are each used somewhere): the demo, the sign-in and its failure paths, and the
//! commands that use a saved token, against a standalone `vbomfa sim`; and `vbomfa sim` itself
//! driven from another process.

mod demo;
mod failures;
mod login;
mod refresh;
mod sim_command;
mod support;
