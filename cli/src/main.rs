//! `vbomfa`: the command-line face of the `vbo_mfa_auth` library — device-code (MFA)
//! sign-in of a Microsoft 365 tenant to the Veeam Backup for Microsoft 365 REST API, plus a
//! built-in simulator for a first run without tenant or server.
//!
//! No async here: the library's blocking calls run on the library's own runtime.

mod commands;
mod connection;
mod exit_codes;
mod interrupt;
mod output;
mod sign_in;
mod token_file;

use clap::{Parser, Subcommand};
use commands::{demo, get, login, logout, refresh, sim_cmd};

/// Device-code (MFA) sign-in to Veeam Backup for Microsoft 365 (VBO) for a Microsoft 365
/// organization, from any shell, CI pipeline or OS.
///
/// First time? Run `vbomfa demo`: the whole flow against a built-in simulator.
#[derive(Parser, Debug)]
#[command(
    name = "vbomfa",
    version,
    about,
    long_about,
    after_help = "Run `vbomfa help <command>` for each command's switches; `vbomfa --help` lists the exit codes.",
    after_long_help = exit_codes::EXIT_CODES_HELP,
    propagate_version = true,
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Runs the whole flow against a built-in simulator: sign-in message, approval, VBO
    /// token, GET /Organization, refresh. Start here.
    #[command(after_long_help = exit_codes::EXIT_CODES_HELP)]
    Demo(demo::DemoArgs),

    /// Signs in with a device code and exchanges the result for VBO tokens.
    ///
    /// Shows Microsoft's sign-in message and a countdown on stderr, waits until the user has
    /// entered the code (Ctrl+C cancels), exchanges the Microsoft token at the VBO server and
    /// writes the VBO token JSON (plus vbo_url and the certificate-trust options) to --out
    /// FILE, or to stdout when no --out is given. Nothing secret is written to stderr.
    #[command(after_long_help = exit_codes::EXIT_CODES_HELP)]
    Login(login::LoginArgs),

    /// Trades the saved refresh token for new VBO tokens and rewrites the token file.
    #[command(after_long_help = exit_codes::EXIT_CODES_HELP)]
    Refresh(refresh::RefreshArgs),

    /// Calls the VBO REST API (GET PATH) with the saved token; prints the body as JSON.
    #[command(after_long_help = exit_codes::EXIT_CODES_HELP)]
    Get(get::GetArgs),

    /// Ends the VBO session (POST /vN/token/logout; REST API v7+) and deletes the token file.
    ///
    /// On a server without logout (REST API v6) a note says so, the token stays valid until
    /// it expires, and the exit code is 0.
    #[command(after_long_help = exit_codes::EXIT_CODES_HELP)]
    Logout(logout::LogoutArgs),

    /// Runs the simulator standalone until Ctrl+C, to practise with vbomfa, PowerShell or C#.
    ///
    /// Prints (on stdout, as `name: value` lines) the base URL, authority_host, vbo_url, the
    /// sign-in page, the CA file to trust, the certificate's SHA-256 fingerprint and SHA-1
    /// thumbprint, and a ready-to-paste `vbomfa login` line. By default every sign-in is
    /// approved automatically 3000 ms after its code is issued (--manual: only on the sign-in
    /// page).
    #[command(after_long_help = exit_codes::EXIT_CODES_HELP)]
    Sim(sim_cmd::SimArgs),
}

fn main() {
    let cli = Cli::parse();
    interrupt::install();
    let result = match &cli.command {
        Command::Demo(args) => demo::run(args),
        Command::Login(args) => login::run(args),
        Command::Refresh(args) => refresh::run(args),
        Command::Get(args) => get::run(args),
        Command::Logout(args) => logout::run(args),
        Command::Sim(args) => sim_cmd::run(args),
    };
    match result {
        Ok(()) => std::process::exit(exit_codes::OK),
        Err(error) => {
            error.print();
            std::process::exit(error.exit_code);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
