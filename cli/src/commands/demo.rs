//! `vbomfa demo`: the whole sign-in against the built-in simulator, narrated — what a
//! newcomer runs first. Needs no tenant, no VBO server and no network.

use super::login::summary;
use crate::exit_codes;
use crate::output::CliError;
use crate::sign_in::{self, SignInRequest};
use clap::Args;
use serde_json::Value;
use std::io::Write;
use vbo_mfa_auth::{ApiBody, OptionsBuilder};
use vbomfa_sim::{Approval, SimConfig, Simulator};

/// Arguments of `vbomfa demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Do not approve automatically: wait until you enter the code on the simulator's
    /// sign-in page in a browser (accept the browser's warning about the simulator's own CA).
    #[arg(long)]
    pub interactive: bool,

    /// Without --interactive: approve this many milliseconds after the code is shown.
    #[arg(
        long,
        value_name = "MS",
        default_value_t = 3000,
        conflicts_with = "interactive"
    )]
    pub approve_after_ms: u64,
}

/// Prints a line on stdout at once (the demo is read live).
fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
    let _ = out.flush();
}

/// Runs `vbomfa demo`.
pub fn run(args: &DemoArgs) -> Result<(), CliError> {
    let config = SimConfig {
        interval_secs: 1,
        expires_in_secs: if args.interactive { 900 } else { 120 },
        approval: if args.interactive {
            Approval::Manual
        } else {
            Approval::AfterMs(args.approve_after_ms)
        },
        ..SimConfig::default()
    };
    let tenant = config.tenants[0].clone();
    let sim = Simulator::start(config).map_err(|e| {
        CliError::new(
            exit_codes::NETWORK,
            format!("Cannot start the simulator on 127.0.0.1 ({e})."),
        )
    })?;
    let ca_pem = sim.ca_pem();

    say("vbomfa demo: the complete Veeam Backup for Microsoft 365 MFA sign-in, against a");
    say("built-in simulator of Microsoft's sign-in and of a VBO server (nothing leaves this machine).");
    say("");
    say(&format!(
        "Simulator: {} (Microsoft identity platform + VBO REST API v6, v7, v8)",
        sim.base_url()
    ));
    say(&format!(
        "Tenant {} (organization \"{}\", user {})",
        tenant.domain, tenant.organization, tenant.user
    ));
    say("");

    // 1. Device code.
    say("1. Device-code sign-in at the (simulated) Microsoft identity platform.");
    say("   The user sees:");
    say("");
    let started = sign_in::start(SignInRequest {
        tenant: &tenant.domain,
        client_id: None,
        scope: None,
        options: OptionsBuilder::default()
            .authority_host(sim.authority_url())
            .tls_ca_pem(ca_pem.clone()),
    })?;
    say(&format!("   {}", started.prompt.message));
    say("");
    if args.interactive {
        say("   Open that page in a browser and enter the code. The browser will warn that the");
        say("   certificate is not trusted: it comes from the simulator's own CA, on this machine");
        say(&format!(
            "   only ({}). Accept the warning for this local page.",
            sim.ca_file().display()
        ));
    } else {
        say(&format!(
            "   (demo: the simulator approves in about {} s as if the user had entered code {};",
            args.approve_after_ms.div_ceil(1000),
            started.prompt.user_code
        ));
        say("    run `vbomfa demo --interactive` to enter it yourself in a browser.)");
    }
    let microsoft_token = sign_in::wait(&started)?;
    let facts = microsoft_token.facts();
    say(&format!(
        "   Signed in. Microsoft returned a token response (token_type {}, scope \"{}\", with a refresh token: {}).",
        facts.token_type.as_deref().unwrap_or("?"),
        facts.scope.as_deref().unwrap_or("?"),
        facts.has_refresh_token,
    ));
    say("");

    // 2. Exchange at VBO.
    say(&format!(
        "2. Exchange at VBO: POST {}/vN/token, grant jwt-bearer, client_id = organization name,",
        sim.vbo_url()
    ));
    say("   assertion = the whole Microsoft token response (newest API version first).");
    let vbo_options = OptionsBuilder::default().tls_ca_pem(ca_pem.clone()).vbo()?;
    let tokens = vbo_mfa_auth::exchange_vbo_token(
        &sim.vbo_url(),
        &tenant.organization,
        microsoft_token.as_assertion(),
        &vbo_options,
    )?;
    drop(microsoft_token);
    let api_version = tokens.api_version_name();
    say(&format!("   {}", summary(&tokens, &tenant.organization)));
    say("");

    // 3. Use it.
    say(&format!(
        "3. GET {}/{api_version}/Organization with the VBO access token:",
        sim.vbo_url()
    ));
    let api_options = OptionsBuilder::default()
        .tls_ca_pem(ca_pem)
        .api_version(api_version.clone())
        .vbo()?;
    let reply = vbo_mfa_auth::vbo_request(
        &sim.vbo_url(),
        tokens.access_token(),
        "GET",
        "/Organization",
        None,
        &api_options,
    )?;
    let body = match reply.body {
        ApiBody::Json(body) => body,
        _ => Value::Null,
    };
    for line in serde_json::to_string_pretty(&body)
        .unwrap_or_default()
        .lines()
    {
        say(&format!("   {line}"));
    }
    say("");

    // 4. Refresh.
    say("4. Refresh: POST /vN/token with grant refresh_token gives a new token pair.");
    let refreshed = vbo_mfa_auth::refresh_vbo_token(
        &sim.vbo_url(),
        tokens.refresh_token().unwrap_or_default(),
        &api_options,
    )?;
    say(&format!(
        "   New access token, expires at {}.",
        refreshed.expires_at.as_deref().unwrap_or("?")
    ));
    say("");

    say("Summary");
    say(&format!("   Organization:  {}", text(&body, "name")));
    say(&format!(
        "   Signed in as:  {}",
        tokens.user_name().unwrap_or("?")
    ));
    say(&format!("   VBO API:       {api_version}"));
    say("   Tokens:        never printed; `vbomfa login --out FILE` saves them owner-only.");
    say("");
    say("Next: `vbomfa sim` runs this simulator standalone (for PowerShell and C# too), and");
    say("`vbomfa login --server URL --organization NAME --out token.json` signs in for real.");
    drop(sim);
    Ok(())
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("?")
}
