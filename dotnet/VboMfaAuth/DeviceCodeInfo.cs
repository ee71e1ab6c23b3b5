using System;
using System.Collections.Generic;
using VboMfaAuth.Json;

namespace VboMfaAuth
{
    /// <summary>
    /// What to show the person who signs in (like MSAL.NET's DeviceCodeResult): open
    /// <see cref="VerificationUri"/> and enter <see cref="UserCode"/>. Holds no secret (the
    /// device code itself never leaves the native library).
    /// </summary>
    public sealed class DeviceCodeInfo
    {
        internal DeviceCodeInfo(IDictionary<string, object?> start)
        {
            UserCode = start.Text("user_code") ?? string.Empty;
            VerificationUri = start.Text("verification_uri") ?? string.Empty;
            Message = start.Text("message") ?? ("To sign in, use a web browser to open the page " + VerificationUri + " and enter the code " + UserCode + " to authenticate.");
            Warning = start.Text("warning");
            long expiresIn = start.Whole("expires_in") ?? 900;
            ExpiresOn = start.Time("expires_at") ?? DateTimeOffset.UtcNow.AddSeconds(expiresIn);
            Interval = TimeSpan.FromSeconds(start.Whole("interval") ?? 5);
        }

        /// <summary>The code the person types in, e.g. ABCD1234.</summary>
        public string UserCode { get; }

        /// <summary>Where to type it: https://microsoft.com/devicelogin (or the simulator's page).</summary>
        public string VerificationUri { get; }

        /// <summary>The identity platform's sentence to show, naming both.</summary>
        public string Message { get; }

        /// <summary>A warning of the library (a scope without offline_access), or null.</summary>
        public string? Warning { get; }

        /// <summary>When the code expires (UTC).</summary>
        public DateTimeOffset ExpiresOn { get; }

        /// <summary>How often the sign-in is polled (the identity platform's interval).</summary>
        public TimeSpan Interval { get; }

        /// <summary>The message.</summary>
        public override string ToString() => Message;
    }
}
