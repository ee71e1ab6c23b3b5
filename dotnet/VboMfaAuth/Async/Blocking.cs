using System;
using System.Threading;
using System.Threading.Tasks;

namespace VboMfaAuth.Async
{
    /// <summary>
    /// Runs blocking native calls on the thread pool and lets the awaiting code go as soon as
    /// its CancellationToken fires: the call itself finishes in the background (the native
    /// calls are bounded by their timeouts, and a cancelled flow returns within 100 ms), and
    /// whatever it returns then is disposed (when it is IDisposable).
    /// </summary>
    internal static class Blocking
    {
        internal static Task<T> RunAsync<T>(Func<T> call, CancellationToken ct)
            where T : class
        {
            if (ct.IsCancellationRequested) return Task.FromCanceled<T>(ct);
            Task<T> work = Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
            return ct.CanBeCanceled ? Abandonable(work, ct, result => (result as IDisposable)?.Dispose()) : work;
        }

        /// <summary>
        /// <paramref name="work"/>, or a cancelled task as soon as <paramref name="ct"/> fires;
        /// then <paramref name="abandon"/> gets the result when it arrives.
        /// </summary>
        internal static async Task<T> Abandonable<T>(Task<T> work, CancellationToken ct, Action<T> abandon)
        {
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (ct.Register(state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
            {
                Task first = await Task.WhenAny(work, cancelled.Task).ConfigureAwait(false);
                if (first == work) return await work.ConfigureAwait(false);
            }
            _ = work.ContinueWith(
                (done, state) =>
                {
                    if (done.Status == TaskStatus.RanToCompletion) ((Action<T>)state!)(done.Result);
                    else _ = done.Exception; // observed: an abandoned call's failure interests nobody
                },
                abandon, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw new OperationCanceledException(ct);
        }
    }
}
