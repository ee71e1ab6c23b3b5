using System;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// The native calls as the rest of the assembly uses them: arguments converted, the
    /// library loaded first, every returned string freed, tokens kept in
    /// <see cref="SecretBuffer"/>s. Every method blocks (run them through
    /// <see cref="Async.Blocking"/>) and reports failures as values, not exceptions, so that a
    /// result nobody waits for any more can still be released.
    /// </summary>
    internal static class NativeCalls
    {
        internal static string Version()
        {
            NativeLibraryLoader.EnsureLoaded();
            return Utf8.ToStringFromStatic(NativeMethods.vbomfa_version());
        }

        internal static string StatusName(int status)
        {
            NativeLibraryLoader.EnsureLoaded();
            return Utf8.ToStringFromStatic(NativeMethods.vbomfa_status_name(status));
        }

        /// <summary>vbomfa_start_device_flow. On OK the flow is the caller's; otherwise null.</summary>
        internal static StartOutcome Start(byte[] tenant, byte[]? clientId, byte[]? scope, byte[]? options)
        {
            FlowHandle? flow = null;
            NativeResult result = OwnedJson.Call((out IntPtr json) =>
            {
                int status = NativeMethods.vbomfa_start_device_flow(tenant, clientId, scope, options, out FlowHandle handle, out json);
                if (!handle.IsInvalid) NativeLedger.FlowCreated();
                flow = handle;
                return status;
            });
            if (!result.IsOk)
            {
                flow?.Dispose();
                flow = null;
            }
            return new StartOutcome(flow, result);
        }

        /// <summary>
        /// One poll; on OK the sign-in result (Microsoft's token response: the assertion) goes
        /// straight from the library's string to <c>vbomfa_exchange_vbo_token</c> and is freed
        /// (wiped) after it, so it never enters managed memory.
        /// </summary>
        internal static SignInStep PollAndExchange(FlowHandle flow, VboTarget target)
        {
            return OwnedJson.Call(
                (out IntPtr json) => NativeMethods.vbomfa_poll_token(flow, out json),
                (status, assertion) => status == (int)VboMfaStatus.Ok
                    ? SignInStep.Done(Exchange(target, assertion))
                    : SignInStep.NotDone(new NativeResult(status, Utf8.FromNative(assertion))));
        }

        private static TokenOutcome Exchange(VboTarget target, IntPtr assertion) =>
            OwnedJson.Call(
                (out IntPtr json) => NativeMethods.vbomfa_exchange_vbo_token(target.Url, target.Organization, assertion, target.Options, out json),
                TokenOutcome.Read);

        /// <summary>vbomfa_cancel_flow; false when the flow was already disposed.</summary>
        internal static bool Cancel(FlowHandle flow)
        {
            NativeLibraryLoader.EnsureLoaded();
            try
            {
                NativeMethods.vbomfa_cancel_flow(flow);
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        /// <summary>vbomfa_wait_token with the result text (tests of the raw ABI; never with a sign-in that succeeds).</summary>
        internal static NativeResult WaitWithoutResult(FlowHandle flow, uint timeoutMs) =>
            OwnedJson.Call(
                (out IntPtr json) => NativeMethods.vbomfa_wait_token(flow, timeoutMs, out json),
                (status, json) => new NativeResult(status, status == (int)VboMfaStatus.Ok ? null : Utf8.FromNative(json)));

        /// <summary>vbomfa_refresh_vbo_token.</summary>
        internal static TokenOutcome Refresh(VboTarget target, SecretBuffer refreshToken) =>
            OwnedJson.Call(
                (out IntPtr json) => NativeMethods.vbomfa_refresh_vbo_token(target.Url, refreshToken, target.Options, out json),
                TokenOutcome.Read);

        /// <summary>vbomfa_vbo_request; the result document holds the response, no token.</summary>
        internal static NativeResult Request(VboTarget target, SecretBuffer accessToken, byte[] method, byte[] path, byte[]? body) =>
            OwnedJson.Call((out IntPtr json) =>
                NativeMethods.vbomfa_vbo_request(target.Url, accessToken, method, path, body, target.Options, out json));
    }

    /// <summary>The VBO server a session talks to, as native arguments.</summary>
    internal sealed class VboTarget
    {
        internal VboTarget(string server, string organization, VboMfaOptions options, string? apiVersion)
        {
            Url = Utf8.Required(server, "server URL");
            Organization = Utf8.Required(organization, "organization");
            Options = Utf8.Arg(options.ToJson(OptionsUse.Vbo, apiVersion), "options");
        }

        internal byte[] Url { get; }

        internal byte[] Organization { get; }

        internal byte[]? Options { get; }
    }

    /// <summary>The result of vbomfa_start_device_flow.</summary>
    internal sealed class StartOutcome : IDisposable
    {
        internal StartOutcome(FlowHandle? flow, NativeResult result)
        {
            Flow = flow;
            Result = result;
        }

        internal FlowHandle? Flow { get; private set; }

        internal NativeResult Result { get; }

        /// <summary>Takes ownership of the flow.</summary>
        internal FlowHandle TakeFlow()
        {
            FlowHandle flow = Flow ?? throw new InvalidOperationException("No flow was started.");
            Flow = null;
            return flow;
        }

        public void Dispose() => Flow?.Dispose();
    }

    /// <summary>An exchange or refresh: tokens, or the error.</summary>
    internal sealed class TokenOutcome : IDisposable
    {
        private TokenOutcome(VboTokens? tokens, NativeResult? failure)
        {
            Tokens = tokens;
            Failure = failure;
        }

        internal VboTokens? Tokens { get; private set; }

        internal NativeResult? Failure { get; }

        internal static TokenOutcome Read(int status, IntPtr json)
        {
            if (status != (int)VboMfaStatus.Ok) return new TokenOutcome(null, new NativeResult(status, Utf8.FromNative(json)));
            using (var document = SecretDocument.FromNative(json))
                return new TokenOutcome(VboTokens.From(document), null);
        }

        /// <summary>Takes ownership of the tokens, or throws the error.</summary>
        internal VboTokens TakeTokens()
        {
            VboTokens tokens = Tokens ?? throw Failure!.ToException();
            Tokens = null;
            return tokens;
        }

        public void Dispose() => Tokens?.Dispose();
    }

    /// <summary>One poll of a sign-in: finished (tokens or exchange error) or not (pending, or a failure of the flow).</summary>
    internal sealed class SignInStep : IDisposable
    {
        private SignInStep(TokenOutcome? exchange, NativeResult? poll)
        {
            Exchange = exchange;
            Poll = poll;
        }

        /// <summary>Set when the user signed in: the exchange's outcome.</summary>
        internal TokenOutcome? Exchange { get; }

        /// <summary>Set otherwise: PENDING (with retry_after_ms) or the flow's failure.</summary>
        internal NativeResult? Poll { get; }

        internal static SignInStep Done(TokenOutcome exchange) => new SignInStep(exchange, null);

        internal static SignInStep NotDone(NativeResult poll) => new SignInStep(null, poll);

        public void Dispose() => Exchange?.Dispose();
    }
}
