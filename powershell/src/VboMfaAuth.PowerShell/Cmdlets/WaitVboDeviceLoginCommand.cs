using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using VboMfaAuth.PowerShell.Infrastructure;
using VboMfaAuth.PowerShell.SignIn;

namespace VboMfaAuth.PowerShell.Cmdlets;

/// <summary>
/// Wait-VboDeviceLogin: the second half. Takes any number of pending sign-ins from the pipeline,
/// shows one table of organization / code / expiry on the host, waits on all at once (no thread
/// per sign-in: the library polls with timers) and outputs each session as it completes. A
/// failed sign-in is a non-terminating error; Ctrl+C cancels every one still pending.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "VboDeviceLogin")]
[OutputType(typeof(VboTenantSession))]
public sealed class WaitVboDeviceLoginCommand : VboCmdlet
{
    private const int ProgressId = 0x7B1;
    private readonly List<VboPendingSignIn> _signIns = new List<VboPendingSignIn>();
    private readonly HashSet<VboPendingSignIn> _finished = new HashSet<VboPendingSignIn>();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public VboPendingSignIn[] InputObject { get; set; } = new VboPendingSignIn[0];

    protected override void ProcessRecord()
    {
        foreach (var signIn in InputObject)
        {
            if (!_signIns.Contains(signIn))
            {
                _signIns.Add(signIn);
                signIn.WaitOnce(StoppingToken);
            }
        }
        EmitFinished();
    }

    protected override void EndProcessing()
    {
        try
        {
            var waiting = Unfinished();
            SignInNotice.ShowTable(this, waiting);
            using (new Countdown(this, Progress))
            {
                while ((waiting = Unfinished()).Count > 0)
                {
                    AwaitCompletion(Task.WhenAny(waiting.Select(s => s.WaitOnce(StoppingToken))));
                    EmitFinished();
                }
            }
        }
        catch (PipelineStoppedException)
        {
            foreach (var signIn in Unfinished())
            {
                signIn.Cancel();
            }
            throw;
        }
    }

    private List<VboPendingSignIn> Unfinished() =>
        _signIns.Where(s => !_finished.Contains(s)).ToList();

    /// <summary>Outputs the sessions (or errors) of the sign-ins that completed since the last call.</summary>
    private void EmitFinished()
    {
        foreach (var signIn in Unfinished())
        {
            var wait = signIn.WaitOnce(StoppingToken);
            if (!wait.IsCompleted)
            {
                continue;
            }
            _finished.Add(signIn);
            try
            {
                var session = Await(wait);
                WriteObject(SignInSteps.Complete(this, signIn, session, makeDefault: false));
            }
            catch (Exception e) when (ErrorRecords.IsReported(e) || e is OperationCanceledException)
            {
                signIn.Status = e is OperationCanceledException || (e as VboMfaException)?.Status == VboMfaStatus.Cancelled
                    ? VboSignInStatus.Cancelled
                    : VboSignInStatus.Failed;
                WriteError(ErrorFor(e, signIn.Organization, FailureContext.SignIn));
            }
        }
    }

    private ProgressRecord Progress()
    {
        var waiting = Unfinished();
        var left = waiting.Count == 0 ? 0 : waiting.Min(s => Countdown.SecondsUntil(s.Pending.DeviceCode.ExpiresOn));
        return new ProgressRecord(
            ProgressId,
            string.Format(CultureInfo.InvariantCulture, "Waiting for {0} of {1} sign-ins", waiting.Count, _signIns.Count),
            waiting.Count == 0
                ? "All sign-ins finished"
                : string.Format(CultureInfo.InvariantCulture, "The next code expires in {0}", Countdown.Clock(left)))
        {
            SecondsRemaining = left,
            PercentComplete = _signIns.Count == 0 ? 100 : 100 * (_signIns.Count - waiting.Count) / _signIns.Count,
        };
    }
}
