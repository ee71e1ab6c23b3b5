using System;
using System.Threading;
using System.Threading.Tasks;
using VboMfaAuth.Async;
using VboMfaAuth.Native;

namespace VboMfaAuth.Session
{
    /// <summary>
    /// The token pair of one session and the rules for using it from many threads:
    /// <list type="bullet">
    /// <item>a call leases the current token (a SafeHandle reference taken under the lock), so
    /// a refresh that replaces and wipes the old pair meanwhile waits for that call to finish
    /// with it;</item>
    /// <item>refreshes are single-flight (VBO rotates refresh tokens: two refreshes with one
    /// token would break the session); a caller that saw an older generation skips the
    /// refresh someone else already did;</item>
    /// <item>a refresh that its caller stops waiting for still installs its result.</item>
    /// </list>
    /// </summary>
    internal sealed class TokenStore : IDisposable
    {
        private readonly object gate = new object();
        private readonly SemaphoreSlim refreshGate = new SemaphoreSlim(1, 1);
        private readonly VboTarget target;
        private VboTokens current;
        private int generation;
        private bool disposed;

        internal TokenStore(VboTarget target, VboTokens tokens)
        {
            this.target = target;
            current = tokens;
        }

        /// <summary>The current pair (its secrets may already be wiped after dispose; the other members stay readable).</summary>
        internal VboTokens Current
        {
            get
            {
                lock (gate) return current;
            }
        }

        /// <summary>Incremented by each refresh.</summary>
        internal int Generation
        {
            get
            {
                lock (gate) return generation;
            }
        }

        internal bool ExpiresWithin(TimeSpan margin) => Current.ExpiresOn <= DateTimeOffset.UtcNow + margin;

        /// <summary>One request with the current access token, on the calling thread.</summary>
        internal NativeResult Request(byte[] method, byte[] path, byte[]? body)
        {
            SecretBuffer access = Lease(tokens => tokens.Access);
            try
            {
                return NativeCalls.Request(target, access, method, path, body);
            }
            finally
            {
                access.DangerousRelease();
            }
        }

        /// <summary>One request with the current access token, on the thread pool.</summary>
        internal Task<NativeResult> RequestAsync(byte[] method, byte[] path, byte[]? body, CancellationToken ct) =>
            Blocking.RunAsync(() => Request(method, path, body), ct);

        /// <summary>
        /// <see cref="RefreshAsync"/> on the calling thread: waits for a refresh in progress,
        /// then refreshes unless that one already did.
        /// </summary>
        internal void Refresh(int seenGeneration)
        {
            refreshGate.Wait();
            if (Generation != seenGeneration)
            {
                refreshGate.Release();
                return;
            }
            NativeResult result = RefreshNow();
            if (!result.IsOk) throw result.ToException();
        }

        /// <summary>
        /// Refreshes unless the generation moved past <paramref name="seenGeneration"/>
        /// (someone else refreshed meanwhile). Throws the refresh's failure.
        /// </summary>
        internal async Task RefreshAsync(int seenGeneration, CancellationToken ct)
        {
            await refreshGate.WaitAsync(ct).ConfigureAwait(false);
            Task<NativeResult> work;
            try
            {
                if (Generation != seenGeneration)
                {
                    refreshGate.Release();
                    return;
                }
                work = Task.Factory.StartNew(RefreshNow, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
            }
            catch
            {
                refreshGate.Release();
                throw;
            }
            NativeResult result = await Blocking.Abandonable(work, ct, abandon: _ => { }).ConfigureAwait(false);
            if (!result.IsOk) throw result.ToException();
        }

        // Runs with refreshGate held (on the thread pool, or on a synchronous caller's thread); releases it.
        private NativeResult RefreshNow()
        {
            try
            {
                SecretBuffer refresh = Lease(tokens => tokens.Refresh
                    ?? throw new InvalidOperationException("This session has no refresh token (it was imported without one): sign in again."));
                TokenOutcome outcome;
                try
                {
                    outcome = NativeCalls.Refresh(target, refresh);
                }
                finally
                {
                    refresh.DangerousRelease();
                }
                using (outcome)
                {
                    if (outcome.Failure != null) return outcome.Failure;
                    Install(outcome.TakeTokens());
                    return new NativeResult((int)VboMfaStatus.Ok, null);
                }
            }
            finally
            {
                refreshGate.Release();
            }
        }

        private void Install(VboTokens fresh)
        {
            lock (gate)
            {
                if (disposed)
                {
                    fresh.Dispose();
                    return;
                }
                fresh.InheritRefresh(current);
                VboTokens old = current;
                current = fresh;
                generation++;
                old.Dispose();
            }
        }

        // A reference on one of the current secrets; the caller calls DangerousRelease.
        private SecretBuffer Lease(Func<VboTokens, SecretBuffer> pick)
        {
            lock (gate)
            {
                if (disposed) throw new ObjectDisposedException(nameof(VboSession), "The session was disposed or logged out: sign in again.");
                SecretBuffer secret = pick(current);
                bool added = false;
                secret.DangerousAddRef(ref added);
                return secret;
            }
        }

        /// <summary>The access token as a string (for callers who explicitly asked).</summary>
        internal string RevealAccessToken()
        {
            SecretBuffer access = Lease(tokens => tokens.Access);
            try
            {
                return access.Reveal();
            }
            finally
            {
                access.DangerousRelease();
            }
        }

        /// <summary>Both tokens as strings (for an export), or null for a missing refresh token.</summary>
        internal (string Access, string? Refresh) RevealBoth()
        {
            lock (gate)
            {
                if (disposed) throw new ObjectDisposedException(nameof(VboSession), "The session was disposed or logged out: sign in again.");
                return (current.Access.Reveal(), current.Refresh?.Reveal());
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                if (disposed) return;
                disposed = true;
                current.Dispose();
            }
        }
    }
}
