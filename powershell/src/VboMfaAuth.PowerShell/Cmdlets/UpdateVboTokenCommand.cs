using System;
using System.Globalization;
using System.Management.Automation;
using VboMfaAuth.PowerShell.Infrastructure;

namespace VboMfaAuth.PowerShell.Cmdlets;

/// <summary>
/// Update-VboToken: refreshes a session's token pair now (VBO's refresh_token grant; the
/// refresh token rotates). Sessions also refresh by themselves before expiry; this is for a
/// script that wants a fresh token before a long run, or before Export-VboSession.
/// </summary>
[Cmdlet(VerbsData.Update, "VboToken")]
[OutputType(typeof(VboTenantSession))]
public sealed class UpdateVboTokenCommand : SessionCmdletBase
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        try
        {
            Await(session.Session.RefreshAsync(StoppingToken));
            WriteVerbose(string.Format(
                CultureInfo.InvariantCulture,
                "{0}: token refreshed; it expires at {1:HH:mm:ss}.",
                session.Organization,
                session.ExpiresOn));
            if (PassThru.IsPresent)
            {
                WriteObject(session);
            }
        }
        catch (Exception e) when (ErrorRecords.IsReported(e))
        {
            WriteError(ErrorFor(e, session.Organization, FailureContext.Session));
        }
    }
}
