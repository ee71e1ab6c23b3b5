using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace VboMfaAuth.PowerShell.Infrastructure;

/// <summary>
/// Base of every cmdlet of the module: awaits the .NET library's tasks on the pipeline thread
/// (running posted host writes meanwhile), turns Ctrl+C (StopProcessing) into cancellation of
/// those tasks, and turns library failures into the module's error records.
/// </summary>
public abstract class VboCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
    private readonly PipelinePump _pump = new PipelinePump();

    /// <summary>Cancelled when the pipeline is stopped (Ctrl+C, Stop() of the PowerShell instance).</summary>
    internal CancellationToken StoppingToken => _stopping.Token;

    /// <summary>Queues work for the pipeline thread (the only thread allowed to call Write*).</summary>
    internal void Post(Action action) => _pump.Post(action);

    /// <summary>
    /// Waits for <paramref name="task"/> on the pipeline thread and returns its result. A stop
    /// of the pipeline ends the wait at once with <see cref="PipelineStoppedException"/>; the
    /// task itself was given <see cref="StoppingToken"/> and cancels the native work.
    /// </summary>
    internal T Await<T>(Task<T> task)
    {
        AwaitCompletion(task);
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (Exception e) when (IsStopEcho(e))
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>As <see cref="Await{T}(Task{T})"/>, for a task without a result.</summary>
    internal void Await(Task task)
    {
        AwaitCompletion(task);
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (Exception e) when (IsStopEcho(e))
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Waits until <paramref name="task"/> completes (it may have failed), running posted work.</summary>
    internal void AwaitCompletion(Task task)
    {
        if (!_pump.RunUntil(task, StoppingToken))
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Runs posted work that is waiting, without blocking.</summary>
    internal void DrainPosted() => _pump.Drain();

    /// <summary>The module's error record for <paramref name="failure"/> (see <see cref="ErrorRecords"/>).</summary>
    internal ErrorRecord ErrorFor(Exception failure, object? target, FailureContext context) =>
        ErrorRecords.For(failure, target, context);

    /// <summary>A path as PowerShell means it (relative to the current location, ~, PSDrives) as a file-system path.</summary>
    internal string ResolveFilePath(string path) =>
        SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    protected override void StopProcessing()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _pump.Dispose();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    private bool IsStopEcho(Exception e) =>
        StoppingToken.IsCancellationRequested
        && (e is OperationCanceledException
            || (e is VboMfaException vbo && vbo.Status == VboMfaStatus.Cancelled));
}
