using System;

namespace VboMfaAuth.Native
{
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
            if (status != (int)VboMfaStatus.Ok) return new TokenOutcome(null, NativeResult.FromNative(status, json));
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
