//! VBO's `POST /vN/token` (an OWIN OAuth token endpoint): the jwt-bearer grant with the
//! Microsoft token response as `assertion`, and the `refresh_token` grant (vb365-openapi
//! `token`; PROTOCOL.md §2). Refusals are [`Rejection`]s, worded as configured.

use std::time::Duration;

use serde_json::{json, Value};

use crate::dates;
use crate::form;
use crate::request::Request;
use crate::state::{lock, Shared};
use crate::vbo::Session;
use crate::vbo_errors::Rejection;
use crate::wire::Reply;

/// The jwt-bearer grant type VBO uses for tenant sign-in.
pub const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// `POST /v{version}/token`.
pub fn token(shared: &Shared, version: u32, req: &Request) -> Reply {
    grant(shared, version, req).unwrap_or_else(|r| r.reply(shared, version))
}

fn grant(shared: &Shared, version: u32, req: &Request) -> Result<Reply, Rejection> {
    let ct = req.content_type();
    if !req.body.is_empty() && !form::is_form(ct) && !form::is_json(ct) {
        return Err(Rejection {
            rest_status: 415,
            ..Rejection::new(
                "invalid_request",
                format!(
                    "The request entity's media type '{}' is not supported for this resource.",
                    form::media_type(ct)
                ),
            )
        });
    }
    if form::is_json(ct) && form::parse_json_object(&req.body).is_none() {
        return Err(Rejection::new(
            "invalid_request",
            "The request body is not a valid JSON object.",
        ));
    }
    let Some(grant_type) = req.params.non_empty("grant_type") else {
        return Err(Rejection::new(
            "invalid_request",
            "The grant_type parameter is required.",
        ));
    };
    let antiforgery_disabled = req
        .params
        .get("disable_antiforgery_token")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    match grant_type {
        JWT_BEARER_GRANT => jwt_bearer(shared, version, req, antiforgery_disabled),
        "refresh_token" => refresh(shared, version, req, antiforgery_disabled),
        "password" => Err(Rejection::new(
            "invalid_grant",
            "The user name or password is incorrect.",
        )),
        "operator" => Err(Rejection::new(
            "unsupported_grant_type",
            "Restore operator authentication is not configured on this server.",
        )),
        "integration" if version <= 7 => Err(Rejection::new(
            "invalid_grant",
            "The integration token is invalid.",
        )),
        other => Err(Rejection::new(
            "unsupported_grant_type",
            format!("Unsupported grant type '{other}'."),
        )),
    }
}

fn jwt_bearer(
    shared: &Shared,
    version: u32,
    req: &Request,
    antiforgery_disabled: bool,
) -> Result<Reply, Rejection> {
    let config = &shared.config;
    if !config.tenant_auth_enabled {
        // The server does not take tenant sign-ins at all: OWIN's word for a grant it does
        // not handle.
        return Err(Rejection::new(
            "unsupported_grant_type",
            "Tenant authentication with organization credentials is disabled on this server. Enable it in General Options > Authentication (\"Enable tenants authentication with organization credentials\").",
        ));
    }
    let missing = |name: &str| {
        Rejection::new(
            "invalid_request",
            format!("The {name} parameter is required for this grant type."),
        )
    };
    let org = req
        .params
        .non_empty("client_id")
        .ok_or_else(|| missing("client_id"))?;
    let assertion = req
        .params
        .non_empty("assertion")
        .ok_or_else(|| missing("assertion"))?;
    let Some(tenant) = config.tenant_for_organization(org) else {
        // client_id names the organization: an unknown one is an unknown client.
        return Err(Rejection::new(
            "invalid_client",
            format!("Organization '{org}' was not found."),
        ));
    };
    let bad_assertion = |text: String| Rejection::new("invalid_grant", text);
    let parsed: Option<Value> = serde_json::from_str(assertion).ok();
    let Some(obj) = parsed.as_ref().and_then(Value::as_object) else {
        return Err(bad_assertion(
            "The assertion is not a valid JSON document.".into(),
        ));
    };
    let field = |k: &str| obj.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let (Some(access_token), Some(refresh_token)) = (field("access_token"), field("refresh_token"))
    else {
        return Err(bad_assertion(
            "The assertion must contain an access token and a refresh token (request the offline_access scope).".into(),
        ));
    };
    let Some(ms_token) = lock(&shared.ms).token(access_token) else {
        return Err(bad_assertion(
            "The access token in the assertion is not valid.".into(),
        ));
    };
    if req.at >= ms_token.expires {
        return Err(bad_assertion(
            "The access token in the assertion has expired.".into(),
        ));
    }
    if ms_token.refresh_token.as_deref() != Some(refresh_token) {
        return Err(bad_assertion(
            "The refresh token in the assertion does not match the access token.".into(),
        ));
    }
    if ms_token.tenant != tenant {
        return Err(bad_assertion(format!(
            "The assertion was issued for another tenant than organization '{org}'."
        )));
    }
    let bound = version >= 7 && !antiforgery_disabled;
    let lifetime = Duration::from_secs(config.vbo_token_lifetime_secs);
    let (access, refresh) = {
        let mut vbo = lock(&shared.vbo);
        let id = vbo.open_session(Session {
            tenant,
            logged_out: false,
        });
        vbo.issue(id, lifetime, bound, req.at)
    };
    Ok(token_response(shared, req, tenant, access, refresh))
}

fn refresh(
    shared: &Shared,
    version: u32,
    req: &Request,
    antiforgery_disabled: bool,
) -> Result<Reply, Rejection> {
    if version >= 7 && !antiforgery_disabled {
        return Err(Rejection::new(
            "invalid_request",
            "The antiforgery token is required to refresh the session; send disable_antiforgery_token=true.",
        ));
    }
    let Some(old) = req.params.non_empty("refresh_token") else {
        return Err(Rejection::new(
            "invalid_request",
            "The refresh_token parameter is required for this grant type.",
        ));
    };
    let lifetime = Duration::from_secs(shared.config.vbo_token_lifetime_secs);
    let issued = lock(&shared.vbo).rotate(old, lifetime, req.at);
    match issued {
        Some((tenant, access, refresh)) => Ok(token_response(shared, req, tenant, access, refresh)),
        None => Err(Rejection::new(
            "invalid_grant",
            "The refresh token is invalid or has expired.",
        )),
    }
}

fn token_response(
    shared: &Shared,
    req: &Request,
    tenant: usize,
    access: String,
    refresh: String,
) -> Reply {
    let lifetime = shared.config.vbo_token_lifetime_secs;
    let now = req.unix_secs();
    Reply::json(
        200,
        &json!({
            "access_token": access,
            "token_type": "bearer",
            "expires_in": lifetime,
            "refresh_token": refresh,
            "userName": shared.config.tenants[tenant].user,
            ".issued": dates::rfc1123(now),
            ".expires": dates::rfc1123(now + lifetime),
        }),
    )
    .header("cache-control", "no-cache")
    .header("pragma", "no-cache")
}
