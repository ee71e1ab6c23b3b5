using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using VboMfaAuth.PowerShell.Infrastructure;

namespace VboMfaAuth.PowerShell.Cmdlets;

/// <summary>
/// Get-VboAccessToken: a session's current VBO access token, for calling the REST API with
/// other tools. A SecureString unless -AsPlainText asks for the plain text explicitly. A token
/// that expires within two minutes is refreshed first.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VboAccessToken")]
[OutputType(typeof(SecureString), typeof(string))]
public sealed class GetVboAccessTokenCommand : SessionCmdletBase
{
    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        try
        {
            if (session.Session.ExpiresOn < System.DateTimeOffset.UtcNow.AddMinutes(2))
            {
                WriteVerbose(session.Organization + ": the token expires within two minutes; refreshing it first.");
                Await(session.Session.RefreshAsync(StoppingToken));
            }
            WriteVerbose(string.Format(
                CultureInfo.InvariantCulture,
                "{0}: access token valid until {1:HH:mm:ss}, as {2}.",
                session.Organization,
                session.ExpiresOn,
                AsPlainText.IsPresent ? "plain text (as asked with -AsPlainText)" : "a SecureString"));
            var token = session.Session.GetAccessToken();
            WriteObject(AsPlainText.IsPresent ? (object)token : Secrets.ToSecureString(token));
        }
        catch (Exception e) when (ErrorRecords.IsReported(e))
        {
            WriteError(ErrorFor(e, session.Organization, FailureContext.Session));
        }
    }
}
