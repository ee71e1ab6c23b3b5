using System;
using System.Collections.Generic;
using VboMfaAuth.Native;

namespace VboMfaAuth.Json
{
    /// <summary>
    /// A JSON object read by <see cref="JsonReader.ParseTopLevel"/>: plain members, members
    /// kept as exact JSON text, and secret members kept out of managed memory. Disposing it
    /// releases the secrets nobody took.
    /// </summary>
    internal sealed class TopLevelObject : IDisposable
    {
        internal Dictionary<string, object?> Members { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

        internal Dictionary<string, string> Raw { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        internal Dictionary<string, SecretBuffer> Secrets { get; } = new Dictionary<string, SecretBuffer>(StringComparer.Ordinal);

        /// <summary>Takes ownership of a secret member; null when absent.</summary>
        internal SecretBuffer? TakeSecret(string name)
        {
            if (!Secrets.TryGetValue(name, out SecretBuffer? secret)) return null;
            Secrets.Remove(name);
            return secret;
        }

        public void Dispose()
        {
            foreach (SecretBuffer secret in Secrets.Values) secret.Dispose();
            Secrets.Clear();
        }
    }
}
