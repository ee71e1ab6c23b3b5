//! The simulator's own checks, in one test program (so that the shared helpers in `common`
//! are each used somewhere): the device flow and VBO as clients meet them, the answer faults,
//! the control API, and the Entra ID stand-in.

mod answer_faults;
mod common;
mod control;
mod entra;
mod flow;
mod vbo_answers;
