//! The Microsoft identity platform half: device authorization and token endpoints
//! (RFC 8628 as Entra ID implements it; PROTOCOL.md §1).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::config::{Approval, SimConfig};
use crate::form;
use crate::ids;
use crate::ms_tokens::{self, IssuedMsToken, RefreshGrant};
use crate::request::Request;
use crate::state::{lock, Shared};
use crate::wire::{self, MsContext, Reply};

/// Scheduling jitter forgiven before a poll counts as too early (arrival times are taken
/// after the TLS handshake, so a fixed-rate client can look a little early).
pub const POLL_TOLERANCE: Duration = Duration::from_millis(100);

/// The device-code grant type.
pub const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// Where a device-code flow stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowStatus {
    /// Waiting for the user.
    Pending,
    /// Approved; the next poll redeems it.
    Approved,
    /// Declined by the user.
    Declined,
    /// Tokens issued; the device code is spent.
    Redeemed,
}

/// One device-code flow.
#[derive(Clone, Debug)]
pub struct Flow {
    /// The tenant path segment used for devicecode.
    pub tenant_segment: String,
    /// Index of the tenant the user signs in to.
    pub tenant: usize,
    /// Requesting application.
    pub client_id: String,
    /// Requested scope string.
    pub scope: String,
    /// Issue time.
    pub issued: Instant,
    /// End of the code's lifetime.
    pub expires: Instant,
    /// Current minimum polling interval (grows by 5 s per `slow_down`).
    pub interval: Duration,
    /// Arrival of the previous poll.
    pub last_poll: Option<Instant>,
    /// Polls that were not answered `slow_down`.
    pub counted_polls: u32,
    /// Current status.
    pub status: FlowStatus,
}

/// State of the Microsoft half.
#[derive(Debug, Default)]
pub struct MsState {
    /// Flows by device code.
    flows: HashMap<String, Flow>,
    /// Device code by user code.
    by_user_code: HashMap<String, String>,
    /// Issued access tokens.
    tokens: HashMap<String, IssuedMsToken>,
    /// Issued refresh tokens and what they grant again.
    refresh: HashMap<String, RefreshGrant>,
}

/// Why a sign-in page / API decision could not be applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FinishError {
    /// No flow has this user code.
    Unknown,
    /// The code's lifetime is over.
    Expired,
    /// The flow was already approved, declined or redeemed.
    AlreadyFinished,
}

impl MsState {
    /// Approves or declines the flow with this (normalized) user code.
    pub fn finish(
        &mut self,
        user_code: &str,
        approve: bool,
        now: Instant,
    ) -> Result<usize, FinishError> {
        let code = ids::normalize_user_code(user_code);
        let device_code = self.by_user_code.get(&code).ok_or(FinishError::Unknown)?;
        let flow = self
            .flows
            .get_mut(device_code)
            .ok_or(FinishError::Unknown)?;
        if flow.status != FlowStatus::Pending {
            return Err(FinishError::AlreadyFinished);
        }
        if now >= flow.expires {
            return Err(FinishError::Expired);
        }
        flow.status = if approve {
            FlowStatus::Approved
        } else {
            FlowStatus::Declined
        };
        Ok(flow.tenant)
    }

    /// The issued Microsoft token with this access token, if any.
    pub fn token(&self, access_token: &str) -> Option<IssuedMsToken> {
        self.tokens.get(access_token).cloned()
    }

    /// Remembers an issued access token and, if one was issued, its refresh token.
    pub fn remember(
        &mut self,
        access_token: String,
        issued: IssuedMsToken,
        refresh: Option<(String, RefreshGrant)>,
    ) {
        self.tokens.insert(access_token, issued);
        if let Some((token, grant)) = refresh {
            self.refresh.insert(token, grant);
        }
    }

    /// What this refresh token grants, if the simulator issued it.
    pub fn refresh_grant(&self, refresh_token: &str) -> Option<RefreshGrant> {
        self.refresh.get(refresh_token).cloned()
    }
}

/// Entra's AADSTS900144 for a missing body parameter.
pub fn invalid_request_missing(ctx: &MsContext, param: &str) -> Reply {
    wire::ms_error(
        ctx,
        400,
        "invalid_request",
        Some(900_144),
        &format!("The request body must contain the following parameter: '{param}'."),
    )
}

fn tenant_not_found(ctx: &MsContext, segment: &str) -> Reply {
    wire::ms_error(
        ctx,
        400,
        "invalid_request",
        Some(90_002),
        &format!(
            "Tenant '{segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant."
        ),
    )
}

fn post_only(ctx: &MsContext) -> Reply {
    wire::ms_error(
        ctx,
        400,
        "invalid_request",
        Some(900_561),
        "The endpoint only accepts POST, OPTIONS requests. Received a GET request.",
    )
}

fn unknown_client(ctx: &MsContext, client_id: &str, config: &SimConfig, tenant: usize) -> Reply {
    wire::ms_error(
        ctx,
        400,
        "unauthorized_client",
        Some(700_016),
        &format!(
            "Application with identifier '{client_id}' was not found in the directory '{}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
            config.tenants[tenant].domain
        ),
    )
}

fn is_known_client(config: &SimConfig, client_id: &str) -> bool {
    config.public_client_ids.iter().any(|c| c == client_id)
        || config
            .confidential_client_ids
            .iter()
            .any(|c| c == client_id)
}

/// `POST /{tenant}/oauth2/v2.0/devicecode`.
pub fn devicecode(shared: &Shared, req: &Request, tenant_segment: &str) -> Reply {
    let ctx = req.ms_context();
    let config = &shared.config;
    if req.method != "POST" {
        return post_only(&ctx);
    }
    let Some(tenant) = config.tenant_for_segment(tenant_segment) else {
        return tenant_not_found(&ctx, tenant_segment);
    };
    if !form::is_form(req.content_type()) {
        return invalid_request_missing(&ctx, "client_id");
    }
    let Some(client_id) = req.params.non_empty("client_id") else {
        return invalid_request_missing(&ctx, "client_id");
    };
    let Some(scope) = req.params.non_empty("scope") else {
        return invalid_request_missing(&ctx, "scope");
    };
    if !is_known_client(config, client_id) {
        return unknown_client(&ctx, client_id, config, tenant);
    }
    let device_code = ids::device_code();
    let expires_in = config.expires_in_secs;
    let user_code = {
        let mut ms = lock(&shared.ms);
        let mut user_code = ids::user_code();
        while ms.by_user_code.contains_key(&user_code) {
            user_code = ids::user_code();
        }
        ms.by_user_code
            .insert(user_code.clone(), device_code.clone());
        ms.flows.insert(
            device_code.clone(),
            Flow {
                tenant_segment: tenant_segment.to_string(),
                tenant,
                client_id: client_id.to_string(),
                scope: scope.to_string(),
                issued: req.at,
                expires: req.at + Duration::from_secs(expires_in),
                interval: Duration::from_secs(if config.omit_interval {
                    5
                } else {
                    config.interval_secs
                }),
                last_poll: None,
                counted_polls: 0,
                status: FlowStatus::Pending,
            },
        );
        user_code
    };
    let verification_uri = format!("{}/devicelogin", shared.base_url);
    let mut body = json!({
        "user_code": user_code,
        "device_code": device_code,
        "verification_uri": verification_uri,
        "expires_in": expires_in,
    });
    if !config.omit_interval {
        body["interval"] = json!(config.interval_secs);
    }
    body["message"] = json!(format!(
        "To sign in, use a web browser to open the page {verification_uri} and enter the code {user_code} to authenticate."
    ));
    ctx.decorate(Reply::json(200, &body), &ids::guid())
}

/// Grant types the token endpoint plays.
const GRANTS: [&str; 2] = [DEVICE_CODE_GRANT, "refresh_token"];

/// Checks on the token request common to every grant; returns the client id and the
/// grant type.
fn check_token_request<'a>(
    config: &SimConfig,
    req: &'a Request,
    ctx: &MsContext,
    tenant_segment: &str,
) -> Result<(&'a str, &'a str), Reply> {
    if req.method != "POST" {
        return Err(post_only(ctx));
    }
    let Some(tenant) = config.tenant_for_segment(tenant_segment) else {
        return Err(tenant_not_found(ctx, tenant_segment));
    };
    if !form::is_form(req.content_type()) {
        return Err(invalid_request_missing(ctx, "grant_type"));
    }
    let Some(grant_type) = req.params.non_empty("grant_type") else {
        return Err(invalid_request_missing(ctx, "grant_type"));
    };
    if !GRANTS.contains(&grant_type) {
        return Err(wire::ms_error(
            ctx,
            400,
            "unsupported_grant_type",
            Some(70_003),
            &format!("The app requested an unsupported grant type '{grant_type}'."),
        ));
    }
    let Some(client_id) = req.params.non_empty("client_id") else {
        return Err(invalid_request_missing(ctx, "client_id"));
    };
    if !is_known_client(config, client_id) {
        return Err(unknown_client(ctx, client_id, config, tenant));
    }
    let public = config.public_client_ids.iter().any(|c| c == client_id);
    let has_secret = req.params.get("client_secret").is_some();
    if public && has_secret {
        return Err(wire::ms_error(
            ctx,
            401,
            "invalid_client",
            Some(700_025),
            "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
        ));
    }
    if !public {
        return Err(if has_secret {
            wire::ms_error(
                ctx,
                401,
                "invalid_client",
                Some(7_000_215),
                &format!("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client_id}'."),
            )
        } else {
            wire::ms_error(
                ctx,
                401,
                "invalid_client",
                Some(7_000_218),
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
            )
        });
    }
    Ok((client_id, grant_type))
}

fn slow_down(ctx: &MsContext) -> Reply {
    wire::ms_error(
        ctx,
        400,
        "slow_down",
        None,
        "The client is polling too frequently. Increase the polling interval by 5 seconds.",
    )
}

/// An injected `slow_down`: answers it and grows the flow's interval, if the flow exists.
pub fn forced_slow_down(shared: &Shared, req: &Request) -> Reply {
    if let Some(device_code) = req.params.get("device_code") {
        if let Some(flow) = lock(&shared.ms).flows.get_mut(device_code) {
            flow.interval += Duration::from_secs(5);
            flow.last_poll = Some(req.at);
        }
    }
    slow_down(&req.ms_context())
}

/// `POST /{tenant}/oauth2/v2.0/token`: the device-code and refresh-token grants.
pub fn token(shared: &Shared, req: &Request, tenant_segment: &str) -> Reply {
    let ctx = req.ms_context();
    match check_token_request(&shared.config, req, &ctx, tenant_segment) {
        Ok((client_id, DEVICE_CODE_GRANT)) => {
            device_code_grant(shared, req, &ctx, tenant_segment, client_id)
        }
        Ok((client_id, _)) => {
            ms_tokens::refresh_grant(shared, req, &ctx, tenant_segment, client_id)
        }
        Err(reply) => reply,
    }
}

fn device_code_grant(
    shared: &Shared,
    req: &Request,
    ctx: &MsContext,
    tenant_segment: &str,
    client_id: &str,
) -> Reply {
    let config = &shared.config;
    let Some(device_code) = req.params.non_empty("device_code") else {
        return invalid_request_missing(ctx, "device_code");
    };
    let mut ms = lock(&shared.ms);
    let Some(flow) = ms.flows.get_mut(device_code) else {
        return wire::ms_error(
            ctx,
            400,
            "bad_verification_code",
            Some(70_018),
            "Invalid verification code. Enter a valid verification code.",
        );
    };
    if !flow.tenant_segment.eq_ignore_ascii_case(tenant_segment) || flow.client_id != client_id {
        return wire::ms_error(
            ctx,
            400,
            "invalid_grant",
            Some(70_000),
            "Provided grant is invalid or malformed. The device code was issued for another application or tenant.",
        );
    }
    if flow.status == FlowStatus::Redeemed {
        return wire::ms_error(
            ctx,
            400,
            "invalid_grant",
            Some(54_005),
            "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
        );
    }
    if req.at >= flow.expires {
        return wire::ms_error(
            ctx,
            400,
            "expired_token",
            Some(70_019),
            "The code is no longer valid.",
        );
    }
    // Entra does not answer a first poll with slow_down, however early (observed: clients
    // that poll at once get authorization_pending). Polls closer together than the interval
    // draw slow_down only with `strict_pacing` (RFC 8628 §3.5 allows it; Entra's own
    // threshold is not documented).
    let previous = flow.last_poll.replace(req.at);
    if let Some(previous) = previous {
        if config.strict_pacing
            && !flow.interval.is_zero()
            && req.at + POLL_TOLERANCE < previous + flow.interval
        {
            flow.interval += Duration::from_secs(5);
            return slow_down(ctx);
        }
    }
    flow.counted_polls += 1;
    if flow.status == FlowStatus::Pending {
        match config.approval {
            Approval::Manual => {}
            Approval::AfterPolls(n) if flow.counted_polls >= n => {
                flow.status = FlowStatus::Approved;
            }
            Approval::AfterMs(ms)
                if req.at.duration_since(flow.issued) >= Duration::from_millis(ms) =>
            {
                flow.status = FlowStatus::Approved;
            }
            Approval::DeclineAfterPolls(n) if flow.counted_polls >= n => {
                flow.status = FlowStatus::Declined;
            }
            _ => {}
        }
    }
    match flow.status {
        FlowStatus::Pending => wire::ms_error(
            ctx,
            400,
            "authorization_pending",
            Some(70_016),
            "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
        ),
        FlowStatus::Declined => wire::ms_error(
            ctx,
            400,
            "authorization_declined",
            None,
            "The end user declined the authorization request.",
        ),
        FlowStatus::Redeemed => unreachable!("checked above"),
        FlowStatus::Approved => {
            flow.status = FlowStatus::Redeemed;
            let grant = RefreshGrant {
                tenant: flow.tenant,
                client_id: flow.client_id.clone(),
                scope: flow.scope.clone(),
            };
            ms_tokens::issue(shared, &mut ms, &grant, req)
        }
    }
}
