//! The VBO (Veeam Backup for Microsoft 365) REST half: `/vN/token`, logout, `Organization`,
//! `ServiceInstance`, `Health` (vb365-openapi, PROTOCOL.md §2–3).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::dates;
use crate::form;
use crate::ids;
use crate::request::Request;
use crate::state::{lock, Shared};
use crate::wire::{self, Reply};

/// The jwt-bearer grant type VBO uses for tenant sign-in.
pub const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// How long VBO refresh tokens live.
const REFRESH_LIFETIME: Duration = Duration::from_secs(14 * 24 * 3600);

/// Message of every 401.
pub const DENIED: &str = "Authorization has been denied for this request.";

#[derive(Debug)]
struct Session {
    tenant: usize,
    logged_out: bool,
}

#[derive(Debug)]
struct AccessToken {
    session: u64,
    expires: Instant,
    antiforgery_bound: bool,
}

#[derive(Debug)]
struct RefreshToken {
    session: u64,
    expires: Instant,
}

/// Sessions and tokens of the VBO half.
#[derive(Debug, Default)]
pub struct VboState {
    next_session: u64,
    sessions: HashMap<u64, Session>,
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, RefreshToken>,
}

impl VboState {
    fn issue(
        &mut self,
        session: u64,
        lifetime: Duration,
        bound: bool,
        at: Instant,
    ) -> (String, String) {
        let access = ids::opaque_token("", 192);
        let refresh = ids::opaque_token("", 48);
        self.access.insert(
            access.clone(),
            AccessToken {
                session,
                expires: at + lifetime,
                antiforgery_bound: bound,
            },
        );
        self.refresh.insert(
            refresh.clone(),
            RefreshToken {
                session,
                expires: at + REFRESH_LIFETIME,
            },
        );
        (access, refresh)
    }
}

/// The VBO route a `/vN/...` path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VboRoute {
    /// `/vN/token`.
    Token,
    /// `/vN/token/logout` (v7+).
    Logout,
    /// `/vN/Organization`.
    Organization,
    /// `/vN/ServiceInstance`.
    ServiceInstance,
    /// `/vN/Health` (v8).
    Health,
}

/// Resolves the part of a path after `/vN` (case-insensitive, trailing slash ignored) for
/// an API version; `None` when that version has no such resource.
pub fn route(version: u32, rest: &str) -> Option<VboRoute> {
    let rest = rest.to_ascii_lowercase();
    let rest = rest.strip_suffix('/').unwrap_or(&rest);
    match rest {
        "/token" => Some(VboRoute::Token),
        "/token/logout" if version >= 7 => Some(VboRoute::Logout),
        "/organization" => Some(VboRoute::Organization),
        "/serviceinstance" => Some(VboRoute::ServiceInstance),
        "/health" if version >= 8 => Some(VboRoute::Health),
        _ => None,
    }
}

/// 404 as ASP.NET Web API words it.
pub fn not_found(shared: &Shared, version: u32, req: &Request) -> Reply {
    wire::vbo_error(
        version,
        404,
        &format!(
            "No HTTP resource was found that matches the request URI '{}{}'.",
            shared.base_url, req.path
        ),
        None,
    )
}

/// Handles a request to an existing VBO route.
pub fn handle(shared: &Shared, version: u32, route: VboRoute, req: &Request) -> Reply {
    let method = match route {
        VboRoute::Token | VboRoute::Logout => "POST",
        _ => "GET",
    };
    if req.method != method && !(method == "GET" && req.method == "HEAD") {
        return wire::vbo_error(
            version,
            405,
            &format!(
                "The requested resource does not support http method '{}'.",
                req.method
            ),
            None,
        )
        .header("allow", method);
    }
    match route {
        VboRoute::Token => token(shared, version, req),
        VboRoute::Health => health(),
        VboRoute::Logout | VboRoute::Organization | VboRoute::ServiceInstance => {
            let session = match authorize(shared, version, req) {
                Ok(s) => s,
                Err(reply) => return reply,
            };
            match route {
                VboRoute::Logout => logout(shared, version, session),
                VboRoute::Organization => organization(shared, version, session),
                _ => service_instance(shared),
            }
        }
    }
}

fn bad_request(version: u32, message: &str) -> Reply {
    wire::vbo_error(version, 400, message, None)
}

fn denied(version: u32) -> Reply {
    wire::vbo_error(version, 401, DENIED, None).header("www-authenticate", "Bearer")
}

/// Validates the Bearer token; returns the session id.
fn authorize(shared: &Shared, version: u32, req: &Request) -> Result<u64, Reply> {
    let token = req
        .header("authorization")
        .and_then(|h| {
            let (scheme, rest) = h.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        })
        .ok_or_else(|| denied(version))?;
    let vbo = lock(&shared.vbo);
    let access = vbo.access.get(token).ok_or_else(|| denied(version))?;
    let session = vbo
        .sessions
        .get(&access.session)
        .ok_or_else(|| denied(version))?;
    if session.logged_out || req.at >= access.expires {
        return Err(denied(version));
    }
    if access.antiforgery_bound && version >= 7 {
        return Err(bad_request(
            version,
            "The antiforgery token is missing or invalid. This access token was issued for a browser session; request tokens with disable_antiforgery_token=true.",
        ));
    }
    Ok(access.session)
}

fn token(shared: &Shared, version: u32, req: &Request) -> Reply {
    let ct = req.content_type();
    if !req.body.is_empty() && !form::is_form(ct) && !form::is_json(ct) {
        return wire::vbo_error(
            version,
            415,
            &format!(
                "The request entity's media type '{}' is not supported for this resource.",
                form::media_type(ct)
            ),
            None,
        );
    }
    if form::is_json(ct) && form::parse_json_object(&req.body).is_none() {
        return bad_request(version, "The request body is not a valid JSON object.");
    }
    let Some(grant_type) = req.params.non_empty("grant_type") else {
        return bad_request(version, "The grant_type parameter is required.");
    };
    let antiforgery_disabled = req
        .params
        .get("disable_antiforgery_token")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    match grant_type {
        JWT_BEARER_GRANT => jwt_bearer(shared, version, req, antiforgery_disabled),
        "refresh_token" => refresh(shared, version, req, antiforgery_disabled),
        "password" => bad_request(version, "The user name or password is incorrect."),
        "operator" => bad_request(
            version,
            "Restore operator authentication is not configured on this server.",
        ),
        "integration" if version <= 7 => bad_request(version, "The integration token is invalid."),
        other => bad_request(version, &format!("Unsupported grant type '{other}'.")),
    }
}

fn jwt_bearer(shared: &Shared, version: u32, req: &Request, antiforgery_disabled: bool) -> Reply {
    let config = &shared.config;
    if !config.tenant_auth_enabled {
        return bad_request(
            version,
            "Tenant authentication with organization credentials is disabled on this server. Enable it in General Options > Authentication (\"Enable tenants authentication with organization credentials\").",
        );
    }
    let Some(org) = req.params.non_empty("client_id") else {
        return bad_request(
            version,
            "The client_id parameter is required for this grant type.",
        );
    };
    let Some(assertion) = req.params.non_empty("assertion") else {
        return bad_request(
            version,
            "The assertion parameter is required for this grant type.",
        );
    };
    let Some(tenant) = config.tenant_for_organization(org) else {
        return bad_request(version, &format!("Organization '{org}' was not found."));
    };
    let parsed: Option<Value> = serde_json::from_str(assertion).ok();
    let Some(obj) = parsed.as_ref().and_then(Value::as_object) else {
        return bad_request(version, "The assertion is not a valid JSON document.");
    };
    let field = |k: &str| obj.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let (Some(access_token), Some(refresh_token)) = (field("access_token"), field("refresh_token"))
    else {
        return bad_request(
            version,
            "The assertion must contain an access token and a refresh token (request the offline_access scope).",
        );
    };
    let Some(ms_token) = lock(&shared.ms).token(access_token) else {
        return bad_request(version, "The access token in the assertion is not valid.");
    };
    if req.at >= ms_token.expires {
        return bad_request(version, "The access token in the assertion has expired.");
    }
    if ms_token.refresh_token.as_deref() != Some(refresh_token) {
        return bad_request(
            version,
            "The refresh token in the assertion does not match the access token.",
        );
    }
    if ms_token.tenant != tenant {
        return bad_request(
            version,
            &format!("The assertion was issued for another tenant than organization '{org}'."),
        );
    }
    let bound = version >= 7 && !antiforgery_disabled;
    let lifetime = Duration::from_secs(config.vbo_token_lifetime_secs);
    let (access, refresh) = {
        let mut vbo = lock(&shared.vbo);
        vbo.next_session += 1;
        let id = vbo.next_session;
        vbo.sessions.insert(
            id,
            Session {
                tenant,
                logged_out: false,
            },
        );
        vbo.issue(id, lifetime, bound, req.at)
    };
    token_response(shared, req, tenant, access, refresh)
}

fn refresh(shared: &Shared, version: u32, req: &Request, antiforgery_disabled: bool) -> Reply {
    if version >= 7 && !antiforgery_disabled {
        return bad_request(
            version,
            "The antiforgery token is required to refresh the session; send disable_antiforgery_token=true.",
        );
    }
    let Some(old) = req.params.non_empty("refresh_token") else {
        return bad_request(
            version,
            "The refresh_token parameter is required for this grant type.",
        );
    };
    let lifetime = Duration::from_secs(shared.config.vbo_token_lifetime_secs);
    let issued = {
        let mut vbo = lock(&shared.vbo);
        match vbo.refresh.get(old) {
            Some(rt) if req.at < rt.expires => {
                let session = rt.session;
                match vbo.sessions.get(&session) {
                    Some(s) if !s.logged_out => {
                        let tenant = s.tenant;
                        vbo.refresh.remove(old);
                        let (a, r) = vbo.issue(session, lifetime, false, req.at);
                        Some((tenant, a, r))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    };
    match issued {
        Some((tenant, access, refresh)) => token_response(shared, req, tenant, access, refresh),
        None => bad_request(version, "The refresh token is invalid or has expired."),
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

fn logout(shared: &Shared, version: u32, session: u64) -> Reply {
    let mut vbo = lock(&shared.vbo);
    if let Some(s) = vbo.sessions.get_mut(&session) {
        s.logged_out = true;
    }
    vbo.refresh.retain(|_, r| r.session != session);
    vbo.access.retain(|_, a| a.session != session);
    if version >= 8 {
        Reply::empty(204)
    } else {
        Reply::empty(200)
    }
}

fn organization(shared: &Shared, version: u32, session: u64) -> Reply {
    let Some(tenant) = lock(&shared.vbo).sessions.get(&session).map(|s| s.tenant) else {
        return denied(version);
    };
    let t = &shared.config.tenants[tenant];
    let last = shared.started_unix - shared.started_unix % 86_400 + 2 * 3600;
    let last = if last > shared.started_unix {
        last - 86_400
    } else {
        last
    };
    let mut body = json!({
        "id": ids::stable_guid(&format!("vbo-organization/{}", t.tenant_id)),
        "name": t.organization,
    });
    if version >= 7 {
        body["description"] = json!(format!("Microsoft 365 organization {}", t.domain));
    }
    body["type"] = json!("Office365");
    body["isBackedup"] = json!(true);
    body["firstBackuptime"] = json!(dates::rfc3339(last - 90 * 86_400));
    body["lastBackuptime"] = json!(dates::rfc3339(last));
    body["_actions"] = json!({});
    Reply::json(200, &body)
}

fn service_instance(shared: &Shared) -> Reply {
    let version = match shared.config.newest_version() {
        4 => "4.0.1.612",
        5 => "5.0.3.1063",
        6 => "6.1.0.254",
        7 => "7.1.0.2031",
        _ => "8.1.2.180",
    };
    Reply::json(
        200,
        &json!({ "installationId": shared.installation_id, "version": version }),
    )
}

fn health() -> Reply {
    Reply::json(
        200,
        &json!({
            "status": "Healthy",
            "entries": {
                "NatsServer": { "status": "Healthy", "description": "NATS server is available." },
                "ConfigurationDatabase": { "status": "Healthy", "description": "PostgreSQL configuration database is available." },
            }
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_per_version() {
        assert_eq!(route(6, "/token"), Some(VboRoute::Token));
        assert_eq!(route(6, "/Token/"), Some(VboRoute::Token));
        assert_eq!(route(6, "/token/logout"), None);
        assert_eq!(route(7, "/token/logout"), Some(VboRoute::Logout));
        assert_eq!(route(7, "/Health"), None);
        assert_eq!(route(8, "/Health"), Some(VboRoute::Health));
        assert_eq!(route(4, "/Organization"), Some(VboRoute::Organization));
        assert_eq!(
            route(8, "/ServiceInstance"),
            Some(VboRoute::ServiceInstance)
        );
        assert_eq!(route(8, "/Jobs"), None);
    }
}
