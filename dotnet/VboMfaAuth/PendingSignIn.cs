using System;
using System.Threading;
using System.Threading.Tasks;
using VboMfaAuth.Async;
using VboMfaAuth.Json;
using VboMfaAuth.Native;

namespace VboMfaAuth
{
    /// <summary>
    /// A device-code sign-in waiting for the person (the native flow). Owns the flow: dispose
    /// it when done (that cancels a sign-in still waiting and frees the flow once no call on
    /// it runs any more).
    /// </summary>
    public sealed class PendingSignIn : IDisposable
    {
        /// <summary>Polling never waits less than this between two polls (the library says how long to wait; this only guards against a busy loop).</summary>
        private static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(10);

        private readonly FlowHandle flow;
        private readonly VboMfaOptions options;
        private readonly VboTarget exchangeTarget;

        internal PendingSignIn(VboMfaClient client, VboMfaOptions options, FlowHandle flow, DeviceCodeInfo deviceCode)
        {
            Client = client;
            this.options = options;
            this.flow = flow;
            DeviceCode = deviceCode;
            exchangeTarget = new VboTarget(client.Server, client.Organization, options, apiVersion: null);
        }

        /// <summary>The native flow (for tests of the ABI layer).</summary>
        internal FlowHandle Flow => flow;

        /// <summary>The exchange's target (for tests of the ABI layer).</summary>
        internal VboTarget ExchangeTarget => exchangeTarget;

        /// <summary>The client that started it.</summary>
        public VboMfaClient Client { get; }

        /// <summary>What to show the person.</summary>
        public DeviceCodeInfo DeviceCode { get; }

        /// <summary>
        /// Waits until the person has signed in, then exchanges the result at VBO. No thread is
        /// held while waiting: each poll is one short native call (a request only when the
        /// identity platform's interval allows one), and the wait between polls is a
        /// <see cref="Task.Delay(TimeSpan, CancellationToken)"/>. After an exchange error (a
        /// refusal by VBO, say) calling it again retries the exchange without a new sign-in.
        /// </summary>
        /// <exception cref="VboMfaSignInException">Declined, expired, or <see cref="Cancel"/> was called.</exception>
        /// <exception cref="VboMfaException">Any other failure, with its status and hint.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled: the native flow is
        /// cancelled at once (a request in flight is aborted) and this call returns without waiting for it.</exception>
        /// <exception cref="ObjectDisposedException">This sign-in was disposed.</exception>
        public async Task<VboSession> WaitForTokenAsync(CancellationToken ct = default)
        {
            if (flow.IsClosed) throw new ObjectDisposedException(nameof(PendingSignIn));
            ct.ThrowIfCancellationRequested();
            // The registration aborts a poll in flight at once. It may not run at all when the
            // token fires during Task.Delay: the delay's own registration can resume this method
            // inline and dispose ours first (Mono does), so the catch cancels the flow too.
            using (ct.Register(state => ((PendingSignIn)state!).Cancel(), this))
            {
                try
                {
                    return await PollUntilDoneAsync(ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    Cancel();
                    throw;
                }
            }
        }

        private async Task<VboSession> PollUntilDoneAsync(CancellationToken ct)
        {
            while (true)
            {
                using (SignInStep step = await Blocking.RunAsync(() => NativeCalls.PollAndExchange(flow, exchangeTarget), ct).ConfigureAwait(false))
                {
                    if (step.Exchange != null)
                    {
                        VboTokens tokens = step.Exchange.TakeTokens();
                        return new VboSession(Client.Server, Client.Organization, options, tokens);
                    }
                    NativeResult poll = step.Poll!;
                    if (poll.Status != (int)VboMfaStatus.Pending)
                    {
                        ct.ThrowIfCancellationRequested();
                        if (flow.IsClosed) throw new ObjectDisposedException(nameof(PendingSignIn), "The sign-in was disposed while it was waited on.");
                        throw poll.ToException();
                    }
                    TimeSpan delay = TimeSpan.FromMilliseconds(poll.Members.Whole("retry_after_ms") ?? 1000);
                    await Task.Delay(delay < MinimumDelay ? MinimumDelay : delay, ct).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// Cancels the sign-in (vbomfa_cancel_flow): a wait in progress ends with
        /// <see cref="VboMfaStatus.Cancelled"/>, a request in flight is aborted. Callable from any
        /// thread, any number of times; nothing happens after the sign-in finished or was disposed.
        /// </summary>
        public void Cancel() => NativeCalls.Cancel(flow);

        /// <summary>Cancels the sign-in if it still waits and frees the native flow (once no call on it runs).</summary>
        public void Dispose()
        {
            if (flow.IsClosed) return;
            Cancel();
            flow.Dispose();
        }

        /// <summary>The user code and where to enter it (no secret).</summary>
        public override string ToString() => "PendingSignIn " + DeviceCode.UserCode + " at " + DeviceCode.VerificationUri;
    }
}
