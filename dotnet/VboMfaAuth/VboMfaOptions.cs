using System;
using System.Collections.Generic;
using VboMfaAuth.Json;

namespace VboMfaAuth
{
    /// <summary>
    /// The native library's options (README "Options"), one property per key. Null (or
    /// empty, false) leaves a key out, so the library's default applies. Each call gets the
    /// keys of its hop: the sign-in <see cref="AuthorityHost"/> and <see cref="Cloud"/>, the
    /// VBO calls <see cref="ApiVersion"/> and the pins, both the rest. The library checks
    /// every value and names a bad one in a <see cref="VboMfaArgumentException"/>.
    /// </summary>
    public sealed class VboMfaOptions
    {
        /// <summary><c>authority_host</c>: the identity platform's URL (default https://login.microsoftonline.com).</summary>
        public string? AuthorityHost { get; set; }

        /// <summary><c>cloud</c>: global, usgov or china.</summary>
        public string? Cloud { get; set; }

        /// <summary><c>api_version</c>: auto (default) or v4 … v8.</summary>
        public string? ApiVersion { get; set; }

        /// <summary><c>timeout_ms</c>: per HTTP request (default 30 s).</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary><c>connect_timeout_ms</c>: per connection (default 10 s).</summary>
        public TimeSpan? ConnectTimeout { get; set; }

        /// <summary><c>proxy</c>: none, system (default) or http(s)://[user:password@]host:port. Never exported, never shown.</summary>
        public string? Proxy { get; set; }

        /// <summary><c>user_agent</c>.</summary>
        public string? UserAgent { get; set; }

        /// <summary><c>tls_ca_file</c>: extra trusted roots, a PEM or DER file (a TLS-inspection CA, the VBO server's CA).</summary>
        public string? CaFile { get; set; }

        /// <summary><c>tls_ca_pem</c>: extra trusted roots as PEM text.</summary>
        public string? CaPem { get; set; }

        /// <summary><c>tls_pin_sha256</c>: hex SHA-256 fingerprints of the VBO server's certificate (VBO only).</summary>
        public IList<string> PinSha256 { get; set; } = new List<string>();

        /// <summary><c>tls_thumbprint</c>: SHA-1 thumbprints as Windows shows them (VBO only).</summary>
        public IList<string> Thumbprints { get; set; } = new List<string>();

        /// <summary><c>tls_insecure_skip_verify</c>: accept any VBO certificate (dangerous; every result then carries a warning). VBO only.</summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>A copy, so a session keeps the options it was made with.</summary>
        public VboMfaOptions Clone() => new VboMfaOptions
        {
            AuthorityHost = AuthorityHost,
            Cloud = Cloud,
            ApiVersion = ApiVersion,
            Timeout = Timeout,
            ConnectTimeout = ConnectTimeout,
            Proxy = Proxy,
            UserAgent = UserAgent,
            CaFile = CaFile,
            CaPem = CaPem,
            PinSha256 = new List<string>(PinSha256 ?? new List<string>()),
            Thumbprints = new List<string>(Thumbprints ?? new List<string>()),
            SkipCertificateCheck = SkipCertificateCheck,
        };

        /// <summary>The options as set, without the proxy (it may hold a password).</summary>
        public override string ToString()
        {
            var shown = ToMembers(OptionsUse.Vbo, apiVersion: null);
            if (shown.ContainsKey("proxy")) shown["proxy"] = "(set, not shown)";
            return "VboMfaOptions " + JsonWriter.Write(shown);
        }

        /// <summary>The options_json for one kind of call; null when every option is left out.</summary>
        internal string? ToJson(OptionsUse use, string? apiVersion = null)
        {
            var members = ToMembers(use, apiVersion);
            return members.Count == 0 ? null : JsonWriter.Write(members);
        }

        /// <summary>
        /// The members for <paramref name="use"/>; each hop takes its own keys (the library
        /// refuses the others, naming them): the sign-in gets <c>authority_host</c> and
        /// <c>cloud</c>, the VBO calls get <c>api_version</c> and the certificate pins; both get
        /// the connection keys and the extra CAs. <see cref="OptionsUse.Trust"/> is the
        /// certificate trust alone (what an exported session keeps).
        /// <paramref name="apiVersion"/> overrides <see cref="ApiVersion"/>.
        /// </summary>
        internal Dictionary<string, object?> ToMembers(OptionsUse use, string? apiVersion)
        {
            var json = new Dictionary<string, object?>(StringComparer.Ordinal);
            void Put(string key, object? value)
            {
                if (value != null) json[key] = value;
            }
            if (use == OptionsUse.DeviceFlow)
            {
                Put("authority_host", AuthorityHost);
                Put("cloud", Cloud);
            }
            if (use == OptionsUse.Vbo) Put("api_version", apiVersion ?? ApiVersion);
            if (use != OptionsUse.Trust)
            {
                Put("timeout_ms", Millis(Timeout));
                Put("connect_timeout_ms", Millis(ConnectTimeout));
                Put("proxy", Proxy);
                Put("user_agent", UserAgent);
            }
            Put("tls_ca_file", CaFile);
            Put("tls_ca_pem", CaPem);
            if (use != OptionsUse.DeviceFlow)
            {
                if (PinSha256 != null && PinSha256.Count > 0) json["tls_pin_sha256"] = new List<string>(PinSha256);
                if (Thumbprints != null && Thumbprints.Count > 0) json["tls_thumbprint"] = new List<string>(Thumbprints);
                if (SkipCertificateCheck) json["tls_insecure_skip_verify"] = true;
            }
            return json;
        }

        /// <summary>Options from their JSON members (an exported session's trust options).</summary>
        internal static VboMfaOptions FromTrustMembers(IDictionary<string, object?> members)
        {
            var options = new VboMfaOptions
            {
                CaFile = members.Text("tls_ca_file"),
                CaPem = members.Text("tls_ca_pem"),
                SkipCertificateCheck = members.TryGetValue("tls_insecure_skip_verify", out object? skip) && skip is true,
            };
            options.PinSha256 = Strings(members, "tls_pin_sha256");
            options.Thumbprints = Strings(members, "tls_thumbprint");
            return options;
        }

        private static List<string> Strings(IDictionary<string, object?> members, string key)
        {
            var list = new List<string>();
            if (members.TryGetValue(key, out object? value) && value is List<object?> items)
            {
                foreach (object? item in items)
                {
                    if (item is string s) list.Add(s);
                }
            }
            return list;
        }

        // Whole milliseconds; the library refuses 0 and more than an hour, naming the key.
        private static long? Millis(TimeSpan? span) =>
            span.HasValue ? (long)Math.Ceiling(span.Value.TotalMilliseconds) : null;
    }

    /// <summary>Which calls an options_json is for.</summary>
    internal enum OptionsUse
    {
        /// <summary>start/poll: Microsoft's servers (no VBO-only key: no api_version, no pins).</summary>
        DeviceFlow,

        /// <summary>exchange, refresh, requests: the VBO server (no authority_host, no cloud).</summary>
        Vbo,

        /// <summary>Only the certificate trust (kept in an exported session).</summary>
        Trust,
    }
}
