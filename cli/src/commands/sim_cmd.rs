//! `vbomfa sim`: runs the simulator (Microsoft device-code sign-in + VBO REST API) standalone
//! until Ctrl+C or SIGTERM, and prints everything a client needs to practise against it,
//! including the URL of its control API (`/_sim/`, for tests in other processes).

use crate::exit_codes;
use crate::interrupt;
use crate::output::CliError;
use clap::{Args, ValueEnum};
use std::io::Write;
use vbomfa_sim::{
    numbered_tenants, Approval, SimConfig, Simulator, UnservedVersionAnswer, VboTokenErrors,
    DEFAULT_PUBLIC_CLIENT_ID,
};

/// `--unserved-version-answer`: what `/vN/...` of a version not served answers.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum UnservedArg {
    /// 404 with VBO's RESTExceptionInfo (ASP.NET Web API's "No HTTP resource was found").
    NotFound,
    /// 400 UnsupportedApiVersion, as an ASP.NET route with API versioning answers.
    UnsupportedApiVersion,
    /// The HTML 404 of Windows' HTTP.sys (Server: Microsoft-HTTPAPI/2.0).
    HttpSys404,
}

/// `--vbo-token-errors`: how /vN/token words a refused grant.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TokenErrorsArg {
    /// 400 {"error", "error_description"} (OWIN OAuth server).
    Oauth,
    /// RESTExceptionInfo of the API version, like VBO's other endpoints.
    RestExceptionInfo,
    /// 401 with an empty body.
    Empty401,
}

/// Arguments of `vbomfa sim`.
#[derive(Args, Debug)]
pub struct SimArgs {
    /// TCP port on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 0, value_name = "PORT")]
    pub port: u16,

    /// VBO REST API versions to serve, comma-separated (v4..v8).
    #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "v6,v7,v8",
          value_parser = parse_version)]
    pub versions: Vec<u8>,

    /// Approve each sign-in automatically this many milliseconds after its code was issued.
    #[arg(long, value_name = "MS", default_value_t = 3000)]
    pub approve_after_ms: u64,

    /// Never approve automatically: a person enters the code on the sign-in page
    /// (printed as sign_in_page; the browser warns about the simulator's own CA).
    #[arg(long, conflicts_with_all = ["approve_after_ms", "decline"])]
    pub manual: bool,

    /// Decline every sign-in at its first poll (practise the "declined" path).
    #[arg(long, conflicts_with = "approve_after_ms")]
    pub decline: bool,

    /// Polling interval the sign-in asks clients to keep, in seconds (Microsoft uses 5).
    #[arg(long, value_name = "SECS", default_value_t = 5,
          value_parser = clap::value_parser!(u64).range(1..=60))]
    pub interval: u64,

    /// Lifetime of each device code, in seconds (Microsoft uses 900).
    #[arg(long, value_name = "SECS", default_value_t = 900,
          value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub expires_in: u64,

    /// Turn off VBO's "tenant authentication with organization credentials" (practise the
    /// VBO-rejected path).
    #[arg(long)]
    pub tenant_auth_disabled: bool,

    /// Serve one self-signed certificate, like the one VBO's REST API settings wizard
    /// generates, instead of one signed by the simulator's CA (practise --thumbprint and
    /// --pin-sha256; ca_file then holds that certificate).
    #[arg(long)]
    pub self_signed: bool,

    /// Answer slow_down to a poll that comes sooner than the interval after the previous one
    /// (RFC 8628 §3.5). Off by default, like Microsoft in practice; a flow's first poll never
    /// gets slow_down.
    #[arg(long)]
    pub strict_pacing: bool,

    /// What paths of an API version not served answer.
    #[arg(long, value_enum, value_name = "ANSWER", default_value = "not-found")]
    pub unserved_version_answer: UnservedArg,

    /// How /vN/token words a refused grant.
    #[arg(long, value_enum, value_name = "SHAPE", default_value = "oauth")]
    pub vbo_token_errors: TokenErrorsArg,

    /// Number of tenants: contoso.onmicrosoft.com, then tenant02.onmicrosoft.com, … (each an
    /// organization of the same name, all signed in with the same public client id).
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub tenants: u16,
}

fn parse_version(text: &str) -> Result<u8, String> {
    let digits = text.trim().trim_start_matches(['v', 'V']);
    match digits.parse::<u8>() {
        Ok(v) if (4..=8).contains(&v) => Ok(v),
        _ => Err(format!(
            "\"{text}\" is not a VBO REST API version (v4 to v8)"
        )),
    }
}

impl SimArgs {
    /// The simulator configuration these switches describe.
    pub fn config(&self) -> SimConfig {
        let approval = if self.manual {
            Approval::Manual
        } else if self.decline {
            Approval::DeclineAfterPolls(1)
        } else {
            Approval::AfterMs(self.approve_after_ms)
        };
        SimConfig {
            port: self.port,
            versions: self.versions.clone(),
            interval_secs: self.interval,
            expires_in_secs: self.expires_in,
            approval,
            tenant_auth_enabled: !self.tenant_auth_disabled,
            self_signed: self.self_signed,
            tenants: numbered_tenants(usize::from(self.tenants)),
            strict_pacing: self.strict_pacing,
            unserved_version_answer: match self.unserved_version_answer {
                UnservedArg::NotFound => UnservedVersionAnswer::NotFound,
                UnservedArg::UnsupportedApiVersion => UnservedVersionAnswer::UnsupportedApiVersion,
                UnservedArg::HttpSys404 => UnservedVersionAnswer::HttpSysNotFound,
            },
            vbo_token_errors: match self.vbo_token_errors {
                TokenErrorsArg::Oauth => VboTokenErrors::OAuth,
                TokenErrorsArg::RestExceptionInfo => VboTokenErrors::RestExceptionInfo,
                TokenErrorsArg::Empty401 => VboTokenErrors::Empty401,
            },
            ..SimConfig::default()
        }
    }
}

/// Runs `vbomfa sim` until Ctrl+C or SIGTERM (the handler installed in `main` covers both),
/// then stops the simulator, which deletes its CA file.
pub fn run(args: &SimArgs) -> Result<(), CliError> {
    let sim = Simulator::start(args.config()).map_err(|e| {
        CliError::new(
            exit_codes::NETWORK,
            format!(
                "Cannot start the simulator on 127.0.0.1:{} ({e}).",
                args.port
            ),
        )
        .with_hint("Pick another --port, or 0 for any free port.")
    })?;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(describe(&sim, args).as_bytes());
    let _ = out.flush();
    drop(out);

    interrupt::wait_for_interrupt();
    eprintln!("Stopping the simulator.");
    drop(sim); // stops the server and removes the CA file
    Ok(())
}

/// A `--switch` value as typed on the command line.
fn switch_value(value: &impl ValueEnum) -> String {
    value
        .to_possible_value()
        .map_or_else(String::new, |p| p.get_name().to_owned())
}

/// The text printed at start: `name: value` lines (easy to read for people and scripts).
fn describe(sim: &Simulator, args: &SimArgs) -> String {
    let config = sim.config();
    let tenant = config.tenants.first();
    let organization = tenant.map_or("?", |t| t.organization.as_str());
    let versions: Vec<String> = config.versions.iter().map(|v| format!("v{v}")).collect();
    let approval = if args.manual {
        format!("manual: enter the code at {}/devicelogin", sim.base_url())
    } else if args.decline {
        "every sign-in is declined".to_owned()
    } else {
        format!(
            "automatic, {} ms after the code is issued",
            args.approve_after_ms
        )
    };
    let ca_file = sim.ca_file().display().to_string();
    let mut text = String::new();
    let mut line = |name: &str, value: &str| text.push_str(&format!("{name:<16} {value}\n"));
    line(
        "simulator:",
        "Microsoft identity platform (device code) + Veeam Backup for Microsoft 365 REST API",
    );
    line("base_url:", &sim.base_url());
    line("authority_host:", &sim.authority_url());
    line("vbo_url:", &sim.vbo_url());
    line("sign_in_page:", &format!("{}/devicelogin", sim.base_url()));
    line("api_versions:", &versions.join(","));
    line(
        "unserved_version:",
        &switch_value(&args.unserved_version_answer),
    );
    line("vbo_token_errors:", &switch_value(&args.vbo_token_errors));
    line("organization:", organization);
    let organizations: Vec<&str> = config
        .tenants
        .iter()
        .map(|t| t.organization.as_str())
        .collect();
    line("organizations:", &organizations.join(","));
    if let Some(t) = tenant {
        line("tenant:", &format!("{} ({})", t.domain, t.tenant_id));
        line("user:", &t.user);
    }
    line("client_id:", DEFAULT_PUBLIC_CLIENT_ID);
    line("approval:", &approval);
    line("interval_secs:", &config.interval_secs.to_string());
    line("strict_pacing:", &config.strict_pacing.to_string());
    line("expires_in_secs:", &config.expires_in_secs.to_string());
    line("ca_file:", &ca_file);
    line("sha256:", &sim.leaf_sha256_hex());
    line("thumbprint:", &sim.leaf_sha1_thumbprint());
    line("control:", &sim.control_url());
    line(
        "example:",
        &format!(
            "vbomfa login --server {} --organization {organization} --authority-host {} --ca-file {ca_file} --out token.json",
            sim.vbo_url(),
            sim.authority_url()
        ),
    );
    line(
        "options_json:",
        &serde_json::json!({"authority_host": sim.authority_url(), "tls_ca_file": ca_file})
            .to_string(),
    );
    text.push_str(
        "The CA file is deleted when the simulator stops. Press Ctrl+C (or send SIGTERM) to stop.\n",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse() {
        assert_eq!(parse_version("v6"), Ok(6));
        assert_eq!(parse_version("8"), Ok(8));
        assert!(parse_version("v9").is_err());
        assert!(parse_version("x").is_err());
    }
}
