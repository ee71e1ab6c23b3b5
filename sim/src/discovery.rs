//! Entra ID's OpenID Connect discovery, so a standard OAuth/OIDC client finds the endpoints
//! itself: `/{tenant}/v2.0/.well-known/openid-configuration`, the signing keys at
//! `/{tenant}/discovery/v2.0/keys`, and the userinfo endpoint Entra points to (Graph's
//! `/oidc/userinfo`, served here at `/oidc/userinfo`). Members, names and values follow
//! the document Entra publishes (observed), with this simulator's base URL.

use serde_json::{json, Value};

use crate::ms_tokens::user_oid;
use crate::request::Request;
use crate::state::{lock, Shared};
use crate::wire::{self, html_escape, Reply};

/// Issuer and endpoint tenant for a path segment: the tenant GUID for a known tenant (Entra
/// resolves domains to the GUID), the `{tenantid}` placeholder for `organizations`/`common`
/// (as Entra's multi-tenant documents say). `None` for an unknown tenant.
fn resolve(shared: &Shared, segment: &str) -> Option<(String, String)> {
    let lower = segment.to_ascii_lowercase();
    if lower == "organizations" || lower == "common" {
        return Some((lower, "{tenantid}".into()));
    }
    let tenant = shared.config.tenant_for_segment(segment)?;
    let id = shared.config.tenants[tenant].tenant_id.clone();
    Some((id.clone(), id))
}

fn unknown_tenant(req: &Request, segment: &str) -> Reply {
    // Entra answers an unknown tenant's metadata with invalid_tenant / AADSTS90002.
    wire::ms_error(
        &req.ms_context(),
        400,
        "invalid_tenant",
        Some(90_002),
        &format!("Tenant '{segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."),
    )
}

/// `GET /{tenant}/v2.0/.well-known/openid-configuration`.
pub fn openid_configuration(shared: &Shared, req: &Request, segment: &str) -> Reply {
    let Some((path_tenant, issuer_tenant)) = resolve(shared, segment) else {
        return unknown_tenant(req, segment);
    };
    let base = &shared.base_url;
    let at = |tail: &str| format!("{base}/{path_tenant}/{tail}");
    // Entra lists no grant_types_supported; clients find the device-code flow by
    // device_authorization_endpoint. The only deviation: ES256 instead of RS256 (see
    // `signing`).
    let body = json!({
        "token_endpoint": at("oauth2/v2.0/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": at("discovery/v2.0/keys"),
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["ES256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": format!("{base}/{issuer_tenant}/v2.0"),
        "request_uri_parameter_supported": false,
        "userinfo_endpoint": format!("{base}/oidc/userinfo"),
        "authorization_endpoint": at("oauth2/v2.0/authorize"),
        "device_authorization_endpoint": at("oauth2/v2.0/devicecode"),
        "http_logout_supported": true,
        "frontchannel_logout_supported": true,
        "end_session_endpoint": at("oauth2/v2.0/logout"),
        "claims_supported": ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
        "kerberos_endpoint": at("kerberos"),
        "tenant_region_scope": "EU",
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": "graph.microsoft.com",
        "rbac_url": "https://pas.windows.net",
    });
    Reply::json(200, &body)
}

/// `GET /{tenant}/discovery/v2.0/keys`: the key that signs id_tokens and access tokens.
pub fn keys(shared: &Shared, req: &Request, segment: &str) -> Reply {
    let Some((_, issuer_tenant)) = resolve(shared, segment) else {
        return unknown_tenant(req, segment);
    };
    let issuer = format!("{}/{issuer_tenant}/v2.0", shared.base_url);
    Reply::json(200, &json!({ "keys": [shared.signer.jwk(&issuer)] }))
}

/// `GET /oidc/userinfo` with a Microsoft access token the simulator issued: the user's
/// claims (Graph's shape: `sub`, `name`, `family_name`, `given_name`, `email`). Anything
/// else is 401 with Graph's error shape (details invented).
pub fn userinfo(shared: &Shared, req: &Request) -> Reply {
    let token = req
        .header("authorization")
        .and_then(|h| h.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim());
    let issued = token.and_then(|t| lock(&shared.ms).token(t));
    let Some(issued) = issued.filter(|i| req.at < i.expires) else {
        return Reply::json(
            401,
            &json!({"error": {"code": "InvalidAuthenticationToken", "message": "Access token is empty, expired or not issued by this directory."}}),
        )
        .header("www-authenticate", "Bearer");
    };
    let tenant = &shared.config.tenants[issued.tenant];
    let given = tenant.user.split('@').next().unwrap_or("user");
    let body: Value = json!({
        "sub": user_oid(&shared.config, issued.tenant),
        "name": given,
        "family_name": "",
        "given_name": given,
        "email": tenant.user,
    });
    Reply::json(200, &body)
}

/// `/{tenant}/oauth2/v2.0/authorize` and `/logout`, which the metadata lists: the
/// simulator plays only the device-code flow and says so on a page (invented).
pub fn not_played(what: &str) -> Reply {
    Reply::html(
        400,
        format!(
            "<!DOCTYPE html>\n<html><head><title>Not supported</title></head><body><h1>Not supported</h1><p>The VboMfaAuth simulator does not play {}: use the device-code flow.</p></body></html>\n",
            html_escape(what)
        ),
    )
}
