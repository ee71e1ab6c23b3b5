using System;
using System.Management.Automation;
using System.Threading;
using VboMfaAuth.PowerShell.Infrastructure;

namespace VboMfaAuth.PowerShell.SignIn;

/// <summary>
/// A Write-Progress record refreshed every second while a sign-in waits (the time left until
/// the code expires), written on the pipeline thread through <see cref="VboCmdlet.Post"/>.
/// Disposing it completes the progress bar.
/// </summary>
internal sealed class Countdown : IDisposable
{
    private readonly VboCmdlet _cmdlet;
    private readonly Func<ProgressRecord> _record;
    private readonly Timer _timer;
    private int _disposed;

    internal Countdown(VboCmdlet cmdlet, Func<ProgressRecord> record)
    {
        _cmdlet = cmdlet;
        _record = record;
        _cmdlet.WriteProgress(_record());
        _timer = new Timer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Seconds from now until <paramref name="end"/> (0 once past).</summary>
    internal static int SecondsUntil(DateTimeOffset end) =>
        (int)Math.Max(0, Math.Ceiling((end - DateTimeOffset.UtcNow).TotalSeconds));

    /// <summary>How much of the code's lifetime is used up, 0..100, for the progress bar.</summary>
    internal static int Percent(int left, int total) =>
        total <= 0 ? 100 : Math.Min(100, Math.Max(0, 100 - (int)(100L * left / total)));

    /// <summary>"14:05" for 845 seconds.</summary>
    internal static string Clock(int seconds) =>
        (seconds / 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture) + ":"
        + (seconds % 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _timer.Dispose();
        var done = _record();
        done.RecordType = ProgressRecordType.Completed;
        try
        {
            _cmdlet.WriteProgress(done);
        }
        catch (PipelineStoppedException)
        {
            // Stopped: the host clears the progress bar itself.
        }
    }

    private void Tick()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _cmdlet.Post(() =>
            {
                if (Volatile.Read(ref _disposed) == 0)
                {
                    _cmdlet.WriteProgress(_record());
                }
            });
        }
    }
}
