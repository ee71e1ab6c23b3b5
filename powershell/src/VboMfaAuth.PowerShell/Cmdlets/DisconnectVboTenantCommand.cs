using System;
using System.Management.Automation;
using VboMfaAuth.PowerShell.Infrastructure;

namespace VboMfaAuth.PowerShell.Cmdlets;

/// <summary>
/// Disconnect-VboTenant: logs a session out at VBO (the server revokes its tokens), then
/// forgets it. When the logout fails the error says so and the session is forgotten anyway:
/// its tokens then stay valid at VBO until they expire.
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "VboTenant")]
[OutputType(typeof(void))]
public sealed class DisconnectVboTenantCommand : SessionCmdletBase
{
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        try
        {
            WriteVerbose("Logging " + session.Organization + " out at " + session.Server + ".");
            Await(session.Session.LogoutAsync(StoppingToken));
        }
        catch (Exception e) when (ErrorRecords.IsReported(e))
        {
            WriteError(ErrorFor(e, session.Organization, FailureContext.Session));
        }
        finally
        {
            SessionRegistry.Current.Remove(session);
            WriteVerbose("Forgot the session of " + session.Organization + " at " + session.Server + ".");
        }
    }
}
