using System.Globalization;
using VboMfaAuth.PowerShell.Infrastructure;

namespace VboMfaAuth.PowerShell.SignIn;

/// <summary>The steps Connect-VboTenant, Start- and Wait-VboDeviceLogin share, with their -Verbose lines.</summary>
internal static class SignInSteps
{
    /// <summary>Asks the identity platform for a device code (hop 1 starts).</summary>
    internal static VboPendingSignIn Start(VboCmdlet cmdlet, VboMfaClient client)
    {
        cmdlet.WriteVerbose(string.Format(
            CultureInfo.InvariantCulture,
            "Asking {0} for a device code for tenant '{1}' (organization {2} at {3}).",
            client.Options.AuthorityHost ?? "the Microsoft identity platform",
            client.Tenant,
            client.Organization,
            client.Server));
        var pending = new VboPendingSignIn(cmdlet.Await(client.StartDeviceLoginAsync(cmdlet.StoppingToken)));
        cmdlet.WriteVerbose(string.Format(
            CultureInfo.InvariantCulture,
            "{0}: code {1} issued; it expires at {2:HH:mm:ss}; polling every {3} s until the person signs in.",
            pending.Organization,
            pending.UserCode,
            pending.ExpiresOn,
            pending.Pending.DeviceCode.Interval.TotalSeconds));
        return pending;
    }

    /// <summary>Keeps a completed sign-in: registers the session and says so (-Verbose).</summary>
    internal static VboTenantSession Complete(VboCmdlet cmdlet, VboPendingSignIn pending, VboSession session, bool makeDefault)
    {
        pending.Status = VboSignInStatus.SignedIn;
        var tenantSession = new VboTenantSession(session);
        SessionRegistry.Current.Add(tenantSession, makeDefault);
        cmdlet.WriteVerbose(string.Format(
            CultureInfo.InvariantCulture,
            "{0}: signed in to {1} as {2} (REST API {3}); the token expires at {4:HH:mm:ss} and is refreshed before.{5}",
            session.Organization,
            session.Server,
            session.UserName,
            session.ApiVersion,
            tenantSession.ExpiresOn,
            tenantSession.IsDefault ? " This is now the default session." : ""));
        if (!string.IsNullOrEmpty(session.Warning))
        {
            cmdlet.WriteWarning(session.Organization + ": " + session.Warning);
        }
        return tenantSession;
    }
}
