//! Tokens of the Microsoft half: the token endpoint's success answer (scope echo,
//! `client_info`, signed id_token) and the `refresh_token` grant (Entra ID v2.0 token
//! endpoint; PROTOCOL.md §1.8).

use std::time::Duration;

use serde_json::json;

use crate::config::SimConfig;
use crate::ids;
use crate::microsoft::{invalid_request_missing, MsState};
use crate::request::Request;
use crate::state::{lock, Shared};
use crate::wire::{self, MsContext, Reply};

/// A Microsoft access token the simulator issued (VBO checks assertions against these).
#[derive(Clone, Debug)]
pub struct IssuedMsToken {
    /// Tenant index.
    pub tenant: usize,
    /// Refresh token issued with it (only with `offline_access`).
    pub refresh_token: Option<String>,
    /// Expiry.
    pub expires: std::time::Instant,
}

/// What a Microsoft refresh token grants again.
#[derive(Clone, Debug)]
pub struct RefreshGrant {
    /// Tenant index.
    pub tenant: usize,
    /// The application it was issued to (Entra binds refresh tokens to the client).
    pub client_id: String,
    /// The scope string of the original request.
    pub scope: String,
}

/// Granted scope as Entra echoes it (observed in real token answers): the OIDC scopes
/// `openid`, `profile`, `email` stay bare, `offline_access` is not echoed (a refresh token
/// in the answer is what says it was granted), bare Graph permissions come back prefixed
/// with `https://graph.microsoft.com/`, full resource URIs as they are. Request order.
pub fn granted_scope(requested: &str) -> String {
    requested
        .split_whitespace()
        .filter(|s| !s.eq_ignore_ascii_case("offline_access"))
        .map(|s| {
            let lower = s.to_ascii_lowercase();
            if matches!(lower.as_str(), "openid" | "profile" | "email") {
                lower
            } else if s.contains("://") {
                s.to_string()
            } else {
                format!("https://graph.microsoft.com/{s}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the space-separated `requested` holds `name` (any case).
pub fn has_scope(requested: &str, name: &str) -> bool {
    requested
        .split_whitespace()
        .any(|s| s.eq_ignore_ascii_case(name))
}

/// Object id of a tenant's user (stable).
pub fn user_oid(config: &SimConfig, tenant: usize) -> String {
    let t = &config.tenants[tenant];
    ids::stable_guid(&format!("{}/{}", t.tenant_id, t.user))
}

/// Issues tokens for `grant` and answers 200 with Entra's success body; remembers the
/// access token (for VBO) and the refresh token (for the refresh grant).
pub fn issue(shared: &Shared, ms: &mut MsState, grant: &RefreshGrant, req: &Request) -> Reply {
    let config = &shared.config;
    let tenant = &config.tenants[grant.tenant];
    let now = req.unix_secs();
    let lifetime = config.ms_token_lifetime_secs;
    let oid = user_oid(config, grant.tenant);
    let name = tenant.user.split('@').next().unwrap_or("user").to_string();
    let scope = granted_scope(&grant.scope);
    // A Graph access token (v1 format, as Graph tokens are); clients must not read it.
    let access_token = shared.signer.jwt(&json!({
        "aud": "https://graph.microsoft.com",
        "iss": format!("https://sts.windows.net/{}/", tenant.tenant_id),
        "iat": now,
        "nbf": now,
        "exp": now + lifetime,
        "appid": grant.client_id,
        "name": name,
        "oid": oid,
        "scp": scope.replace("https://graph.microsoft.com/", ""),
        "tid": tenant.tenant_id,
        "upn": tenant.user,
        "unique_name": tenant.user,
        "uti": ids::base64url(&ids::random_bytes(16)),
        "ver": "1.0",
    }));
    let refresh_token =
        has_scope(&grant.scope, "offline_access").then(|| ids::opaque_token("1.AXkA", 600));
    let mut body = json!({
        "token_type": "Bearer",
        "scope": scope,
        "expires_in": lifetime,
        "ext_expires_in": lifetime,
        "access_token": access_token,
    });
    if let Some(rt) = &refresh_token {
        body["refresh_token"] = json!(rt);
    }
    if has_scope(&grant.scope, "openid") {
        body["id_token"] = json!(shared.signer.jwt(&json!({
            "aud": grant.client_id,
            "iss": format!("{}/{}/v2.0", shared.base_url, tenant.tenant_id),
            "iat": now,
            "nbf": now,
            "exp": now + lifetime,
            "name": name,
            "oid": oid,
            "preferred_username": tenant.user,
            "sub": ids::stable_guid(&format!("sub/{}/{}", grant.client_id, oid)),
            "tid": tenant.tenant_id,
            "ver": "2.0",
        })));
    }
    // MSAL asks for it with client_info=1: base64url JSON of the user's object id and tenant.
    if req.params.get("client_info") == Some("1") {
        let info = json!({ "uid": oid, "utid": tenant.tenant_id });
        body["client_info"] = json!(ids::base64url(info.to_string().as_bytes()));
    }
    ms.remember(
        access_token,
        IssuedMsToken {
            tenant: grant.tenant,
            refresh_token: refresh_token.clone(),
            expires: req.at + Duration::from_secs(lifetime),
        },
        refresh_token.map(|rt| (rt, grant.clone())),
    );
    req.ms_context()
        .decorate(Reply::json(200, &body), &ids::guid())
}

fn invalid_grant(ctx: &MsContext, text: &str) -> Reply {
    wire::ms_error(
        ctx,
        400,
        "invalid_grant",
        Some(70_000),
        &format!("Provided grant is invalid or malformed. {text}"),
    )
}

/// `grant_type=refresh_token` at `/{tenant}/oauth2/v2.0/token` (client already checked):
/// a new access token and a new refresh token for the same user and client. Entra does
/// not revoke the refresh token used (documented: refresh tokens "replace themselves" with
/// each use; the old one stays valid until it expires), so neither does the simulator.
pub fn refresh_grant(
    shared: &Shared,
    req: &Request,
    ctx: &MsContext,
    tenant_segment: &str,
    client_id: &str,
) -> Reply {
    let Some(token) = req.params.non_empty("refresh_token") else {
        return invalid_request_missing(ctx, "refresh_token");
    };
    let mut ms = lock(&shared.ms);
    let Some(grant) = ms.refresh_grant(token) else {
        return invalid_grant(ctx, "The refresh token is unknown to this directory.");
    };
    if grant.client_id != client_id {
        return invalid_grant(ctx, "The refresh token was issued to a different client.");
    }
    let segment = tenant_segment.to_ascii_lowercase();
    let any_tenant = segment == "organizations" || segment == "common";
    if !any_tenant && shared.config.tenant_for_segment(tenant_segment) != Some(grant.tenant) {
        return invalid_grant(ctx, "The refresh token was issued for another tenant.");
    }
    let scope = req
        .params
        .non_empty("scope")
        .map_or(grant.scope.clone(), |requested| {
            // The refresh token itself stands for offline_access.
            format!("{requested} offline_access")
        });
    let grant = RefreshGrant { scope, ..grant };
    issue(shared, &mut ms, &grant, req)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_echo_like_entra() {
        assert_eq!(
            granted_scope("Directory.AccessAsUser.All User.ReadWrite.All offline_access"),
            "https://graph.microsoft.com/Directory.AccessAsUser.All https://graph.microsoft.com/User.ReadWrite.All"
        );
        assert_eq!(
            granted_scope("openid Profile email offline_access User.Read"),
            "openid profile email https://graph.microsoft.com/User.Read"
        );
        assert_eq!(
            granted_scope("https://graph.microsoft.com/.default"),
            "https://graph.microsoft.com/.default"
        );
        assert!(has_scope("a OFFLINE_ACCESS", "offline_access"));
    }
}
