using System;
using System.Collections.Generic;
using VboMfaAuth.Json;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// A VBO token pair and what came with it (the result of an exchange or refresh). Owns
    /// the two <see cref="SecretBuffer"/>s; disposing wipes them (deferred while a native call
    /// still reads one).
    /// </summary>
    internal sealed class VboTokens : IDisposable
    {
        private VboTokens(SecretBuffer access, SecretBuffer? refresh, IDictionary<string, object?> members)
        {
            Access = access;
            Refresh = refresh;
            UserName = members.Text("userName");
            ApiVersion = members.Text("api_version");
            // Without a time the token counts as expired: the first call refreshes it.
            long? expiresIn = members.Whole("expires_in");
            ExpiresOn = members.Time("expires_at")
                ?? (expiresIn.HasValue ? DateTimeOffset.UtcNow.AddSeconds(expiresIn.Value) : DateTimeOffset.MinValue);
            Warning = members.Text("warning");
        }

        internal SecretBuffer Access { get; }

        internal SecretBuffer? Refresh { get; private set; }

        internal string? UserName { get; }

        internal string? ApiVersion { get; }

        internal DateTimeOffset ExpiresOn { get; }

        internal string? Warning { get; }

        /// <summary>
        /// Takes the tokens out of a parsed token document. A document without an access
        /// token is a protocol error of the library (it never hands one out).
        /// </summary>
        internal static VboTokens From(TopLevelObject document)
        {
            SecretBuffer? access = document.TakeSecret("access_token");
            if (access == null)
                throw new FormatException("The token document has no access_token.");
            return new VboTokens(access, document.TakeSecret("refresh_token"), document.Members);
        }

        /// <summary>Gives this pair the previous refresh token when the server sent none.</summary>
        internal void InheritRefresh(VboTokens previous)
        {
            if (Refresh != null || previous.Refresh == null) return;
            Refresh = previous.Refresh;
            previous.Refresh = null;
        }

        public void Dispose()
        {
            Access.Dispose();
            Refresh?.Dispose();
        }

        public override string ToString() => "VboTokens (not shown)";
    }
}
