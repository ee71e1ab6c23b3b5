using System;

namespace VboMfaAuth.PowerShell.Infrastructure;

/// <summary>Masks the secret parts of settings before they reach -Verbose or -Debug output.</summary>
internal static class Redact
{
    /// <summary>"http://user:password@proxy:8080" → "http://user:***@proxy:8080"; other values unchanged.</summary>
    internal static string? ProxyUrl(string? proxy)
    {
        if (proxy == null)
        {
            return null;
        }
        var scheme = proxy.IndexOf("://", StringComparison.Ordinal);
        var at = proxy.LastIndexOf('@');
        if (scheme < 0 || at < scheme)
        {
            return proxy;
        }
        var userInfo = proxy.Substring(scheme + 3, at - scheme - 3);
        var colon = userInfo.IndexOf(':');
        var user = colon < 0 ? userInfo : userInfo.Substring(0, colon);
        return proxy.Substring(0, scheme + 3) + user + ":***" + proxy.Substring(at);
    }
}
