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
                    : SignInStep.NotDone(NativeResult.FromNative(status, assertion)));
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
}
