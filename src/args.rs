//! Checks of the plain string arguments: tenant, client id, scope, organization.

use crate::failure::Failure;

/// Microsoft's Azure CLI public client, the one Veeam's documentation uses.
pub const DEFAULT_CLIENT_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
/// The scope Veeam's documentation asks for.
pub const DEFAULT_SCOPE: &str = "Directory.AccessAsUser.All User.ReadWrite.All offline_access";

/// A tenant path segment: a domain (contoso.onmicrosoft.com), a GUID or `organizations`.
/// It goes into a URL path, so anything else is refused.
pub fn check_tenant(tenant: &str) -> Result<(), Failure> {
    let fail = |why: &str| {
        Failure::invalid(format!(
            "tenant \"{}\" is not valid: {why}. Use the organization's domain (contoso.onmicrosoft.com), its tenant GUID, or \"organizations\".",
            tenant.escape_debug()
        ))
    };
    if tenant.is_empty() {
        return Err(fail("it is empty"));
    }
    if tenant.len() > 253 {
        return Err(fail("it is too long"));
    }
    if tenant.contains("..") {
        return Err(fail("it contains \"..\""));
    }
    if !tenant
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_')
    {
        return Err(fail(
            "only letters, digits, '.', '-' and '_' are allowed (no slashes, '?', '#', '%' or spaces)",
        ));
    }
    if tenant.starts_with('.') || tenant.ends_with('.') || tenant.starts_with('-') {
        return Err(fail("it does not look like a domain name"));
    }
    Ok(())
}

/// A GUID in the 8-4-4-4-12 form.
pub fn is_guid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The application (client) id: NULL/None means Veeam's documented public client.
pub fn client_id_or_default(client_id: Option<&str>) -> Result<String, Failure> {
    match client_id {
        None => Ok(DEFAULT_CLIENT_ID.to_owned()),
        Some(id) if is_guid(id.trim()) => Ok(id.trim().to_ascii_lowercase()),
        Some(id) => Err(Failure::invalid(format!(
            "client_id \"{}\" is not a GUID (an application ID looks like {DEFAULT_CLIENT_ID}).",
            id.escape_debug()
        ))),
    }
}

/// The scope list, normalized to single spaces. None means the documented default.
pub fn scope_or_default(scope: Option<&str>) -> Result<String, Failure> {
    let Some(scope) = scope else {
        return Ok(DEFAULT_SCOPE.to_owned());
    };
    let parts: Vec<&str> = scope.split_whitespace().collect();
    if parts.is_empty() {
        return Err(Failure::invalid(
            "scope is empty; pass NULL for the default scope.",
        ));
    }
    if parts.iter().any(|p| p.chars().any(|c| c.is_control())) {
        return Err(Failure::invalid("scope contains control characters."));
    }
    Ok(parts.join(" "))
}

/// True when the scope asks for a refresh token.
pub fn has_offline_access(scope: &str) -> bool {
    scope
        .split_whitespace()
        .any(|s| s.eq_ignore_ascii_case("offline_access"))
}

/// The organization name as registered in VBO (sent to VBO as `client_id`).
pub fn check_organization(organization: &str) -> Result<(), Failure> {
    if organization.trim().is_empty() {
        return Err(Failure::invalid(
            "organization is empty: give the organization name as registered in VBO, e.g. contoso.onmicrosoft.com.",
        ));
    }
    if organization.chars().any(char::is_control) || organization.trim() != organization {
        return Err(Failure::invalid(
            "organization contains control characters or surrounding spaces.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenants() {
        for ok in [
            "contoso.onmicrosoft.com",
            "organizations",
            "72f988bf-86f1-41af-91ab-2d7cd011db47",
        ] {
            assert!(check_tenant(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "a/b",
            "a?b",
            "a#b",
            "a%2f",
            "a b",
            "..",
            "contoso..com",
            "x\n",
        ] {
            assert!(check_tenant(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn client_ids() {
        assert_eq!(client_id_or_default(None).unwrap(), DEFAULT_CLIENT_ID);
        assert!(client_id_or_default(Some("not-a-guid")).is_err());
        assert!(client_id_or_default(Some("04B07795-8DDB-461A-BBEE-02F9E1BF7B46")).is_ok());
    }

    #[test]
    fn scopes() {
        assert!(has_offline_access(&scope_or_default(None).unwrap()));
        assert_eq!(scope_or_default(Some("  a   b ")).unwrap(), "a b");
        assert!(scope_or_default(Some("  ")).is_err());
    }
}
