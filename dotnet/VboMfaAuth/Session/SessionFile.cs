using System;
using System.Collections.Generic;
using System.Globalization;
using VboMfaAuth.Json;
using VboMfaAuth.Native;

namespace VboMfaAuth.Session
{
    /// <summary>
    /// The exported form of a session: the library's token document (access_token,
    /// refresh_token, token_type, userName, api_version, expires_at) plus vbo_url, vbo_options
    /// (certificate trust only, never the proxy) and organization: the token file of the
    /// vbomfa command-line tool, so either can resume what the other signed in.
    /// </summary>
    internal static class SessionFile
    {
        internal static string Export(VboSession session, TokenStore store)
        {
            (string access, string? refresh) = store.RevealBoth();
            var document = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["access_token"] = access,
                ["token_type"] = "bearer",
            };
            if (refresh != null) document["refresh_token"] = refresh;
            if (session.UserName != null) document["userName"] = session.UserName;
            document["api_version"] = session.ApiVersion;
            document["expires_at"] = session.ExpiresOn.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            document["organization"] = session.Organization;
            document["vbo_url"] = session.Server;
            Dictionary<string, object?> trust = session.Options.ToMembers(OptionsUse.Trust, apiVersion: null);
            if (trust.Count > 0) document["vbo_options"] = trust;
            return JsonWriter.Write(document);
        }

        internal static VboSession Import(string json, VboMfaOptions? options)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            using (TopLevelObject document = SecretDocument.FromString(json))
            {
                string server = document.Members.Text("vbo_url")
                    ?? throw new FormatException("The session document has no vbo_url (the VBO server's URL).");
                if (!document.Secrets.ContainsKey("access_token"))
                    throw new FormatException("The session document has no access_token.");
                if (document.Members.Text("api_version") == null)
                    throw new FormatException("The session document has no api_version.");
                string organization = document.Members.Text("organization") ?? string.Empty;
                VboMfaOptions chosen = options?.Clone() ?? VboMfaOptions.FromTrustMembers(TrustMembers(document));
                return new VboSession(server, organization, chosen, VboTokens.From(document));
            }
        }

        private static IDictionary<string, object?> TrustMembers(TopLevelObject document) =>
            document.Members.TryGetValue("vbo_options", out object? value) && value is Dictionary<string, object?> trust
                ? trust
                : new Dictionary<string, object?>();
    }
}
