using System;
using System.Management.Automation;
using VboMfaAuth.PowerShell.Infrastructure;
using VboMfaAuth.PowerShell.SignIn;

namespace VboMfaAuth.PowerShell.Cmdlets;

/// <summary>
/// Start-VboDeviceLogin: the first half of a sign-in. Asks for a device code for each input
/// (e.g. each row of Import-Csv) and outputs a pending sign-in; Wait-VboDeviceLogin shows the
/// codes and completes them all at once. A failure of one row is a non-terminating error.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "VboDeviceLogin", DefaultParameterSetName = CloudSet)]
[OutputType(typeof(VboPendingSignIn))]
public sealed class StartVboDeviceLoginCommand : SignInCmdletBase
{
    protected override void ProcessRecord()
    {
        try
        {
            WriteObject(SignInSteps.Start(this, CreateClient()));
        }
        catch (Exception e) when (ErrorRecords.IsReported(e))
        {
            WriteError(ErrorFor(e, Organization, FailureContext.SignIn));
        }
    }
}
