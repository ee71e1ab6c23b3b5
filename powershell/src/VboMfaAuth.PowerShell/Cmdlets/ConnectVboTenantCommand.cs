using System;
using System.Globalization;
using System.Management.Automation;
using VboMfaAuth.PowerShell.Infrastructure;
using VboMfaAuth.PowerShell.SignIn;

namespace VboMfaAuth.PowerShell.Cmdlets;

/// <summary>
/// Connect-VboTenant: the whole sign-in of one organization. Shows the device-code instruction
/// on the host, counts down to the code's expiry with Write-Progress, waits for the person,
/// exchanges the Microsoft token at VBO and keeps the session as the default. Ctrl+C cancels
/// the native flow at once.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "VboTenant", DefaultParameterSetName = CloudSet)]
[OutputType(typeof(VboTenantSession))]
public sealed class ConnectVboTenantCommand : SignInCmdletBase
{
    private const int ProgressId = 0x7B0;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        VboPendingSignIn? pending = null;
        try
        {
            var client = CreateClient();
            pending = SignInSteps.Start(this, client);
            SignInNotice.ShowOne(this, pending);
            VboSession session;
            var total = Countdown.SecondsUntil(pending.Pending.DeviceCode.ExpiresOn);
            using (new Countdown(this, () => Progress(pending, total)))
            {
                session = Await(pending.WaitOnce(StoppingToken));
            }
            var result = SignInSteps.Complete(this, pending, session, makeDefault: true);
            if (PassThru.IsPresent)
            {
                WriteObject(result);
            }
        }
        catch (PipelineStoppedException)
        {
            pending?.Cancel();
            throw;
        }
        catch (Exception e) when (ErrorRecords.IsReported(e))
        {
            if (pending != null)
            {
                pending.Status = VboSignInStatus.Failed;
            }
            ThrowTerminatingError(ErrorFor(e, Organization, FailureContext.SignIn));
        }
        finally
        {
            pending?.Dispose();
        }
    }

    private static ProgressRecord Progress(VboPendingSignIn pending, int total)
    {
        var left = Countdown.SecondsUntil(pending.Pending.DeviceCode.ExpiresOn);
        return new ProgressRecord(
            ProgressId,
            "Signing in " + pending.Organization,
            string.Format(
                CultureInfo.InvariantCulture,
                "Enter the code {0} at {1}; it expires in {2}",
                pending.UserCode,
                pending.VerificationUri,
                Countdown.Clock(left)))
        {
            SecondsRemaining = left,
            PercentComplete = Countdown.Percent(left, total),
        };
    }
}
