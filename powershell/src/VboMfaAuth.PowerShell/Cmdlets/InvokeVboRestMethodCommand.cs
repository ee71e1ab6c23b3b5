using System;
using System.Globalization;
using System.Management.Automation;
using VboMfaAuth.PowerShell.Infrastructure;

namespace VboMfaAuth.PowerShell.Cmdlets;

/// <summary>
/// Invoke-VboRestMethod: one call of the VBO REST API with a session. "/Organization" gets the
/// session's API version in front ("/v8/Organization"); a path starting with "/vN/" is used as
/// given. The session refreshes its token shortly before expiry and once on a 401 by itself.
/// Returns objects as Invoke-RestMethod does (arrays enumerated).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VboRestMethod")]
[OutputType(typeof(PSObject), typeof(string))]
public sealed class InvokeVboRestMethodCommand : SessionCmdletBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE", IgnoreCase = true)]
    public string Method { get; set; } = "GET";

    [Parameter]
    public object? Body { get; set; }

    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        try
        {
            foreach (var item in VboCall.Send(this, session, Method.ToUpperInvariant(), Path, JsonObjects.ToBody(this, Body)))
            {
                WriteObject(item, true);
            }
        }
        catch (Exception e) when (ErrorRecords.IsReported(e))
        {
            WriteError(ErrorFor(e, Path, FailureContext.Session));
        }
    }
}
