using System;
using System.Globalization;

namespace VboMfaAuth.PowerShell.Infrastructure;

/// <summary>One REST call through a session, with its -Verbose lines (Invoke-VboRestMethod, Get-VboOrganization).</summary>
internal static class VboCall
{
    /// <summary>Sends the request; the parsed body (null when there is none) as a one-element array.</summary>
    internal static object?[] Send(VboCmdlet cmdlet, VboTenantSession session, string method, string path, string? body)
    {
        var expiresBefore = session.ExpiresOn;
        cmdlet.WriteVerbose(string.Format(
            CultureInfo.InvariantCulture,
            "{0} {1} at {2} ({3}){4}.",
            method,
            path,
            session.Server,
            session.Organization,
            body == null ? "" : ", with a JSON body of " + body.Length + " characters"));
        var response = cmdlet.Await(session.Session.SendAsync(method, path, body, cmdlet.StoppingToken));
        if (session.ExpiresOn != expiresBefore)
        {
            cmdlet.WriteVerbose(string.Format(
                CultureInfo.InvariantCulture,
                "The session's token was refreshed on the way; it now expires at {0:HH:mm:ss}.",
                session.ExpiresOn));
        }
        cmdlet.WriteVerbose(string.Format(
            CultureInfo.InvariantCulture,
            "HTTP {0}, {1}.",
            response.StatusCode,
            response.Body == null ? "no body" : response.Body.Length + " characters"));
        var parsed = JsonObjects.FromBody(response.Body);
        return parsed == null ? Array.Empty<object?>() : new[] { parsed };
    }
}
