//! One module per subcommand; each has its clap arguments and a `run` returning the result.

pub mod demo;
pub mod get;
pub mod login;
pub mod logout;
pub mod refresh;
pub mod saved_session;
pub mod sim_cmd;
