using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace VboMfaAuth.PowerShell.Infrastructure;

/// <summary>
/// Runs work posted from other threads (timers, library callbacks) on the pipeline thread while
/// a task completes: PowerShell allows Write* calls from that thread only. Owned by one cmdlet
/// invocation (<see cref="VboCmdlet"/>).
/// </summary>
internal sealed class PipelinePump : IDisposable
{
    private readonly BlockingCollection<Action> _queue = new BlockingCollection<Action>();

    /// <summary>Queues <paramref name="action"/> for the pipeline thread; ignored once disposed.</summary>
    public void Post(Action action)
    {
        try
        {
            _queue.Add(action);
        }
        catch (InvalidOperationException)
        {
            // Disposed (ObjectDisposedException) or completed: the cmdlet has finished and
            // nobody will run it.
        }
    }

    /// <summary>
    /// Runs posted actions on the calling thread until <paramref name="task"/> completes or
    /// <paramref name="stopping"/> is cancelled, then (unless stopping) runs what is still queued.
    /// </summary>
    /// <returns>True when the task completed, false when stopping ended the wait first.</returns>
    public bool RunUntil(Task task, CancellationToken stopping)
    {
        using (var wake = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            task.ContinueWith(
                _ => SafeCancel(wake),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            while (!task.IsCompleted && !stopping.IsCancellationRequested)
            {
                try
                {
                    if (_queue.TryTake(out var action, Timeout.Infinite, wake.Token))
                    {
                        action();
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        if (!stopping.IsCancellationRequested)
        {
            Drain();
        }
        return task.IsCompleted;
    }

    /// <summary>Runs every queued action now, without waiting.</summary>
    public void Drain()
    {
        while (_queue.TryTake(out var action))
        {
            action();
        }
    }

    public void Dispose() => _queue.Dispose();

    private static void SafeCancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The wait already ended.
        }
    }
}
