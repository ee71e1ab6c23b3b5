//! The VBO (Veeam Backup for Microsoft 365) REST half: routing of `/vN/...`, sessions,
//! Bearer checks, logout, `token/AuthCode`, `Organization`, `ServiceInstance`, `Health`
//! (vb365-openapi, PROTOCOL.md §2–3). `/vN/token` itself is in `vbo_token`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::dates;
use crate::ids;
use crate::request::Request;
use crate::state::{lock, Shared};
use crate::vbo_errors;
use crate::vbo_token;
use crate::wire::{self, Reply};

/// How long VBO refresh tokens live.
const REFRESH_LIFETIME: Duration = Duration::from_secs(14 * 24 * 3600);

/// Message of every 401.
pub const DENIED: &str = "Authorization has been denied for this request.";

/// One signed-in tenant session (jwt-bearer grant); refresh keeps it, logout ends it.
#[derive(Debug)]
pub struct Session {
    /// Tenant index.
    pub tenant: usize,
    /// Ended by `/token/logout`.
    pub logged_out: bool,
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
    /// Opens a new session; returns its id.
    pub fn open_session(&mut self, session: Session) -> u64 {
        self.next_session += 1;
        self.sessions.insert(self.next_session, session);
        self.next_session
    }

    /// Trades a live refresh token for a new pair of the same session (the old refresh
    /// token is spent; old access tokens stay valid until they expire, as OWIN does).
    /// Returns the tenant and the new pair, or `None` when the token is unknown, expired,
    /// spent or logged out.
    pub fn rotate(
        &mut self,
        old: &str,
        lifetime: Duration,
        at: Instant,
    ) -> Option<(usize, String, String)> {
        let rt = self.refresh.get(old)?;
        if at >= rt.expires {
            return None;
        }
        let session = rt.session;
        let tenant = match self.sessions.get(&session) {
            Some(s) if !s.logged_out => s.tenant,
            _ => return None,
        };
        self.refresh.remove(old);
        let (access, refresh) = self.issue(session, lifetime, false, at);
        Some((tenant, access, refresh))
    }

    /// Issues an access and a refresh token for `session`.
    pub fn issue(
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
    /// `/vN/token/AuthCode` (v7+).
    AuthCode,
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
        "/token/authcode" if version >= 7 => Some(VboRoute::AuthCode),
        "/organization" => Some(VboRoute::Organization),
        "/serviceinstance" => Some(VboRoute::ServiceInstance),
        "/health" if version >= 8 => Some(VboRoute::Health),
        _ => None,
    }
}

/// Handles a request to an existing VBO route.
pub fn handle(shared: &Shared, version: u32, route: VboRoute, req: &Request) -> Reply {
    let method = match route {
        VboRoute::Token | VboRoute::Logout | VboRoute::AuthCode => "POST",
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
        VboRoute::Token => vbo_token::token(shared, version, req),
        VboRoute::Health => health(),
        // Every other operation needs a Bearer token (the OpenAPI files' global `Bearer`
        // security; only /token and /Health are `x-anonymous`). An anonymous
        // `GET /vN/ServiceInstance` is therefore 401 on a served version: the library's
        // version probe, which sends no secret.
        VboRoute::Logout
        | VboRoute::AuthCode
        | VboRoute::Organization
        | VboRoute::ServiceInstance => {
            let session = match authorize(shared, version, req) {
                Ok(s) => s,
                Err(reply) => return reply,
            };
            match route {
                VboRoute::Logout => logout(shared, version, session),
                VboRoute::AuthCode => auth_code_refused(),
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

/// `POST /vN/token/AuthCode` (v7, v8: Bearer, no body; it would answer `{authCode}`, a
/// one-time code for the Restore Portal). The simulator does not play that flow and says
/// so, OAuth-style (invented refusal).
fn auth_code_refused() -> Reply {
    vbo_errors::oauth_error(
        400,
        "invalid_request",
        "The simulator does not play the authorization-code flow (POST /token/AuthCode).",
    )
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
        assert_eq!(route(6, "/token/AuthCode"), None);
        assert_eq!(route(8, "/token/AuthCode"), Some(VboRoute::AuthCode));
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
