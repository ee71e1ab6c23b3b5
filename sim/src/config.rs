//! Simulator configuration: tenants, client registrations, timings and approval behaviour.

/// Microsoft's Azure CLI public client id, the one Veeam's documentation uses.
pub const DEFAULT_PUBLIC_CLIENT_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/// Confidential (non-public) application id registered by default.
pub const DEFAULT_CONFIDENTIAL_CLIENT_ID: &str = "11111111-2222-3333-4444-555555555555";

/// One Microsoft 365 tenant, known both to the simulated Entra ID and to the simulated VBO.
#[derive(Clone, Debug)]
pub struct SimTenant {
    /// Primary domain, e.g. `contoso.onmicrosoft.com`; the tenant path segment matches it
    /// case-insensitively, like Entra ID.
    pub domain: String,
    /// Tenant GUID; the tenant path segment may also be this GUID.
    pub tenant_id: String,
    /// Organization name as registered in VBO; VBO compares it case-sensitively.
    pub organization: String,
    /// UPN of the user who "signs in"; VBO returns it as `userName`.
    pub user: String,
}

impl SimTenant {
    /// A tenant whose organization name is its domain and whose user is `admin@domain`.
    pub fn new(domain: &str, tenant_id: &str) -> SimTenant {
        SimTenant {
            domain: domain.to_string(),
            tenant_id: tenant_id.to_string(),
            organization: domain.to_string(),
            user: format!("admin@{domain}"),
        }
    }
}

/// GUID of the default tenant, `contoso.onmicrosoft.com`.
pub const CONTOSO_TENANT_ID: &str = "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5";

/// `n` tenants: `contoso.onmicrosoft.com` first (as in the default configuration), then
/// `tenant02.onmicrosoft.com`, `tenant03.onmicrosoft.com`, … each with a distinct GUID that
/// is the same in every run; organization = domain, user `admin@domain`.
pub fn numbered_tenants(n: usize) -> Vec<SimTenant> {
    (1..=n)
        .map(|i| {
            if i == 1 {
                SimTenant::new("contoso.onmicrosoft.com", CONTOSO_TENANT_ID)
            } else {
                let domain = format!("tenant{i:02}.onmicrosoft.com");
                let id = crate::ids::stable_guid(&format!("vbomfa-sim tenant {domain}"));
                SimTenant::new(&domain, &id)
            }
        })
        .collect()
}

/// How device-code flows get approved without a person on the sign-in page.
#[derive(Clone, Debug)]
pub enum Approval {
    /// Only the sign-in page or [`crate::Simulator::approve`]/[`crate::Simulator::decline`]
    /// finish the flow.
    Manual,
    /// The Nth token poll (1-based, `slow_down` answers not counted) of a flow succeeds;
    /// earlier polls get `authorization_pending`.
    AfterPolls(u32),
    /// The first poll at least this many milliseconds after the code was issued succeeds.
    AfterMs(u64),
    /// The Nth poll (1-based) gets `authorization_declined`.
    DeclineAfterPolls(u32),
}

/// How VBO's `/vN/token` words a refused grant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum VboTokenErrors {
    /// HTTP 400 `{"error", "error_description"}` (default). VBO's token endpoint is an OWIN
    /// OAuth server and Veeam's own sample clients read these two members; the `error`
    /// values are those an OWIN server uses, the descriptions are invented (undocumented).
    #[default]
    OAuth,
    /// `RESTExceptionInfo` in the version's shape, like every other VBO endpoint (the
    /// simulator's earlier behaviour; PROTOCOL.md §2.6 says clients must handle both).
    RestExceptionInfo,
    /// HTTP 401 with an empty body (invented: a server that says nothing at all).
    Empty401,
}

/// What a `/vN/...` path answers when version N is not served.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UnservedVersionAnswer {
    /// 404 `RESTExceptionInfo` "No HTTP resource was found that matches the request URI"
    /// (default; ASP.NET Web API's routing text).
    #[default]
    NotFound,
    /// 400 `{"error":{"code":"UnsupportedApiVersion",...}}`: what an ASP.NET route
    /// versioned with ASP.NET API Versioning answers. Not observed from VBO.
    UnsupportedApiVersion,
    /// The HTML 404 page Windows' HTTP.sys sends when no application claims the URL
    /// (`Server: Microsoft-HTTPAPI/2.0`).
    HttpSysNotFound,
}

/// Everything the simulator is told at start.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// TCP port on 127.0.0.1; 0 picks an ephemeral port.
    pub port: u16,
    /// VBO API versions served (4..=8); every `/vN/` path of another version answers 404.
    pub versions: Vec<u8>,
    /// `interval` returned by the devicecode endpoint, in seconds.
    pub interval_secs: u64,
    /// Leave `interval` out of the devicecode response (clients must then assume 5 s).
    pub omit_interval: bool,
    /// Device code lifetime in seconds (`expires_in`).
    pub expires_in_secs: u64,
    /// Automatic approval behaviour.
    pub approval: Approval,
    /// Tenants known to both halves; `organizations`/`common` sign in to the first one.
    pub tenants: Vec<SimTenant>,
    /// Application ids with "allow public client flows" enabled.
    pub public_client_ids: Vec<String>,
    /// Application ids known to the tenant but not public: devicecode works, the token poll
    /// answers 401 `invalid_client` (AADSTS7000218).
    pub confidential_client_ids: Vec<String>,
    /// VBO's "Enable tenants authentication with organization credentials".
    pub tenant_auth_enabled: bool,
    /// Lifetime of Microsoft access tokens in seconds (`expires_in`).
    pub ms_token_lifetime_secs: u64,
    /// Lifetime of VBO access tokens in seconds (`expires_in`).
    pub vbo_token_lifetime_secs: u64,
    /// Answer `slow_down` (and grow the flow's interval by 5 s) to a poll that comes less
    /// than the interval after the previous poll of the same flow (RFC 8628 §3.5). Off by
    /// default, like Entra in practice; the first poll of a flow never gets `slow_down`.
    pub strict_pacing: bool,
    /// How `/vN/token` words a refused grant.
    pub vbo_token_errors: VboTokenErrors,
    /// What paths of an unserved API version answer.
    pub unserved_version_answer: UnservedVersionAnswer,
    /// Serve one self-signed certificate (no CA), like the one VBO's REST API settings wizard
    /// generates. `Simulator::ca_pem` is then that certificate itself.
    pub self_signed: bool,
}

impl Default for SimConfig {
    fn default() -> SimConfig {
        SimConfig {
            port: 0,
            versions: vec![6, 7, 8],
            interval_secs: 5,
            omit_interval: false,
            expires_in_secs: 900,
            approval: Approval::AfterPolls(2),
            tenants: numbered_tenants(1),
            public_client_ids: vec![DEFAULT_PUBLIC_CLIENT_ID.to_string()],
            confidential_client_ids: vec![DEFAULT_CONFIDENTIAL_CLIENT_ID.to_string()],
            tenant_auth_enabled: true,
            ms_token_lifetime_secs: 3599,
            vbo_token_lifetime_secs: 3600,
            self_signed: false,
            strict_pacing: false,
            vbo_token_errors: VboTokenErrors::OAuth,
            unserved_version_answer: UnservedVersionAnswer::NotFound,
        }
    }
}

impl SimConfig {
    /// Index of the tenant a Microsoft tenant path segment designates: a domain
    /// (case-insensitive), a tenant GUID (case-insensitive), or `organizations`/`common`
    /// (the first tenant). `None` when Entra would answer AADSTS90002.
    pub fn tenant_for_segment(&self, segment: &str) -> Option<usize> {
        let lower = segment.to_ascii_lowercase();
        if lower == "organizations" || lower == "common" {
            return if self.tenants.is_empty() {
                None
            } else {
                Some(0)
            };
        }
        self.tenants.iter().position(|t| {
            t.domain.eq_ignore_ascii_case(segment) || t.tenant_id.eq_ignore_ascii_case(segment)
        })
    }

    /// Index of the tenant whose VBO organization name is exactly `name` (case-sensitive,
    /// as VBO compares it).
    pub fn tenant_for_organization(&self, name: &str) -> Option<usize> {
        self.tenants.iter().position(|t| t.organization == name)
    }

    /// Whether `/vN/` paths of this version exist.
    pub fn serves_version(&self, version: u32) -> bool {
        (4..=8).contains(&version) && self.versions.iter().any(|v| u32::from(*v) == version)
    }

    /// Newest served version (used for error shapes on unknown versions); 8 if none.
    pub fn newest_version(&self) -> u32 {
        self.versions
            .iter()
            .filter(|v| (4..=8).contains(*v))
            .max()
            .map_or(8, |v| u32::from(*v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_segment_matching_is_case_insensitive() {
        let c = SimConfig::default();
        assert_eq!(c.tenant_for_segment("Contoso.OnMicrosoft.com"), Some(0));
        assert_eq!(
            c.tenant_for_segment("6F1C2D3E-4A5B-4C6D-8E7F-90A1B2C3D4E5"),
            Some(0)
        );
        assert_eq!(c.tenant_for_segment("organizations"), Some(0));
        assert_eq!(c.tenant_for_segment("Common"), Some(0));
        assert_eq!(c.tenant_for_segment("fabrikam.onmicrosoft.com"), None);
        assert_eq!(c.tenant_for_segment("consumers"), None);
    }

    #[test]
    fn organization_matching_is_case_sensitive() {
        let c = SimConfig::default();
        assert_eq!(
            c.tenant_for_organization("contoso.onmicrosoft.com"),
            Some(0)
        );
        assert_eq!(c.tenant_for_organization("Contoso.onmicrosoft.com"), None);
    }

    #[test]
    fn numbered_tenants_are_distinct_and_stable() {
        let t = numbered_tenants(3);
        assert_eq!(t[0].domain, "contoso.onmicrosoft.com");
        assert_eq!(t[0].tenant_id, CONTOSO_TENANT_ID);
        assert_eq!(t[1].domain, "tenant02.onmicrosoft.com");
        assert_eq!(t[2].organization, "tenant03.onmicrosoft.com");
        assert_eq!(t[2].user, "admin@tenant03.onmicrosoft.com");
        assert_ne!(t[1].tenant_id, t[2].tenant_id);
        assert_eq!(numbered_tenants(3)[2].tenant_id, t[2].tenant_id);
        assert_eq!(numbered_tenants(12)[11].domain, "tenant12.onmicrosoft.com");
    }

    #[test]
    fn versions() {
        let c = SimConfig {
            versions: vec![6, 9, 7],
            ..SimConfig::default()
        };
        assert!(c.serves_version(6));
        assert!(!c.serves_version(8));
        assert!(!c.serves_version(9));
        assert_eq!(c.newest_version(), 7);
    }
}
