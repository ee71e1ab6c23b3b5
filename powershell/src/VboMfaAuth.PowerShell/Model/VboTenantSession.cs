using System;

namespace VboMfaAuth.PowerShell;

/// <summary>
/// A signed-in VBO session as the cmdlets show and accept it (-Session). It wraps the .NET
/// library's <see cref="VboSession"/>, which refreshes itself; no member here exposes a token
/// (Get-VboAccessToken does, as a SecureString).
/// </summary>
public sealed class VboTenantSession
{
    internal VboTenantSession(VboSession session)
    {
        Session = session;
    }

    /// <summary>The Microsoft 365 organization signed in (as VBO knows it).</summary>
    public string Organization => Session.Organization;

    /// <summary>The VBO REST API's base URL.</summary>
    public string Server => Session.Server;

    /// <summary>The account VBO issued the token to (empty when VBO did not say).</summary>
    public string UserName => Session.UserName ?? "";

    /// <summary>The REST API version the sign-in settled on (v8, v7, ...).</summary>
    public string ApiVersion => Session.ApiVersion;

    /// <summary>When the current access token expires (local time); the session refreshes before.</summary>
    public DateTime ExpiresOn => Session.ExpiresOn.LocalDateTime;

    /// <summary>True for the session that cmdlets use when no -Session is given.</summary>
    public bool IsDefault { get; internal set; }

    /// <summary>The library's session (internal: its token accessors stay out of PowerShell's view).</summary>
    internal VboSession Session { get; }

    public override string ToString() => Organization + " at " + Server;
}
