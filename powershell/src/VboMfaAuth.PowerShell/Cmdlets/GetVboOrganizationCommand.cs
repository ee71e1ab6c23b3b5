using System;
using System.Management.Automation;
using VboMfaAuth.PowerShell.Infrastructure;

namespace VboMfaAuth.PowerShell.Cmdlets;

/// <summary>
/// Get-VboOrganization: the organizations VBO shows to a session (GET /Organization). With
/// sessions from the pipeline (Get-VboSession | Get-VboOrganization) it asks each in turn.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VboOrganization")]
[OutputType(typeof(PSObject))]
public sealed class GetVboOrganizationCommand : SessionCmdletBase
{
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        try
        {
            foreach (var item in VboCall.Send(this, session, "GET", "/Organization", null))
            {
                WriteObject(item, true);
            }
        }
        catch (Exception e) when (ErrorRecords.IsReported(e))
        {
            WriteError(ErrorFor(e, session.Organization, FailureContext.Session));
        }
    }
}
