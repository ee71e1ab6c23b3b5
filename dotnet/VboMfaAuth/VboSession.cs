using System;
using System.Threading;
using System.Threading.Tasks;
using VboMfaAuth.Async;
using VboMfaAuth.Json;
using VboMfaAuth.Native;
using VboMfaAuth.Session;

namespace VboMfaAuth
{
    /// <summary>
    /// A signed-in VBO session: calls the REST API with its access token, refreshing the token
    /// pair shortly before it expires and once when VBO answers 401. Thread-safe: concurrent
    /// calls share one refresh. The tokens live in unmanaged memory and are wiped on
    /// <see cref="Dispose"/> and <see cref="LogoutAsync"/>; they are never in
    /// <see cref="ToString"/>, messages or exceptions.
    /// </summary>
    public sealed class VboSession : IDisposable
    {
        private readonly TokenStore store;
        private readonly VboMfaOptions options;

        internal VboSession(string server, string organization, VboMfaOptions options, VboTokens tokens)
        {
            Server = server;
            Organization = organization;
            this.options = options;
            ApiVersion = tokens.ApiVersion ?? options.ApiVersion ?? "v8";
            store = new TokenStore(new VboTarget(server, organization, options, ApiVersion), tokens);
        }

        /// <summary>The VBO server's URL.</summary>
        public string Server { get; }

        /// <summary>The organization signed in.</summary>
        public string Organization { get; }

        /// <summary>The signed-in user (VBO's userName), when VBO says.</summary>
        public string? UserName => store.Current.UserName;

        /// <summary>The REST API version the server accepted (v8, v7, ...); every call uses it.</summary>
        public string ApiVersion { get; }

        /// <summary>When the current access token expires (UTC).</summary>
        public DateTimeOffset ExpiresOn => store.Current.ExpiresOn;

        /// <summary>A warning of the library (e.g. certificate checks are off), or null.</summary>
        public string? Warning => store.Current.Warning;

        /// <summary>A copy of the options every call of this session uses (fixed when the session was made).</summary>
        public VboMfaOptions Options => options.Clone();

        /// <summary>How long before <see cref="ExpiresOn"/> a call refreshes the tokens first (default 2 minutes).</summary>
        public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>
        /// Calls the VBO REST API: <paramref name="method"/> on <paramref name="path"/>
        /// ("/Organization"; the session's API version is put in front, unless the path
        /// starts with "/vN/"), with <paramref name="jsonBody"/> when not null. Refreshes first
        /// when the token is about to expire, and once more when VBO answers 401.
        /// </summary>
        /// <exception cref="VboMfaServerException">VBO refused (4xx: <see cref="VboMfaException.HttpStatus"/>) or answered unexpectedly.</exception>
        /// <exception cref="VboMfaException">Another failure, with its status and hint.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        /// <exception cref="ObjectDisposedException">The session was disposed or logged out.</exception>
        public async Task<VboResponse> SendAsync(string method, string path, string? jsonBody = null, CancellationToken ct = default)
        {
            byte[] methodArg = Utf8.Required(method, nameof(method));
            byte[] pathArg = Utf8.Required(path, nameof(path));
            byte[]? bodyArg = Utf8.Arg(jsonBody, nameof(jsonBody));
            if (store.ExpiresWithin(RefreshBeforeExpiry)) await store.RefreshAsync(store.Generation, ct).ConfigureAwait(false);
            for (int attempt = 0; ; attempt++)
            {
                int generation = store.Generation;
                NativeResult result = await store.RequestAsync(methodArg, pathArg, bodyArg, ct).ConfigureAwait(false);
                VboResponse? response = AnswerOrRetry(result, attempt);
                if (response != null) return response;
                await store.RefreshAsync(generation, ct).ConfigureAwait(false);
            }
        }

        /// <summary>GET <paramref name="path"/>; see <see cref="SendAsync"/>.</summary>
        public Task<VboResponse> GetAsync(string path, CancellationToken ct = default) => SendAsync("GET", path, null, ct);

        /// <summary>
        /// <see cref="SendAsync"/> on the calling thread: the thread blocks for the request (and
        /// for a refresh when one is due), as a C caller of the library does, and no thread-pool
        /// thread is involved. For code that is not async (a synchronous service, a script host,
        /// a tight loop of many calls, where the hand-off to the thread pool and back is most of
        /// what the managed layer would add); it cannot be cancelled: each request ends within
        /// the options' timeout. Async code should use <see cref="SendAsync"/>.
        /// </summary>
        /// <exception cref="VboMfaServerException">VBO refused (4xx: <see cref="VboMfaException.HttpStatus"/>) or answered unexpectedly.</exception>
        /// <exception cref="VboMfaException">Another failure, with its status and hint.</exception>
        /// <exception cref="ObjectDisposedException">The session was disposed or logged out.</exception>
        public VboResponse Send(string method, string path, string? jsonBody = null)
        {
            byte[] methodArg = Utf8.Required(method, nameof(method));
            byte[] pathArg = Utf8.Required(path, nameof(path));
            byte[]? bodyArg = Utf8.Arg(jsonBody, nameof(jsonBody));
            if (store.ExpiresWithin(RefreshBeforeExpiry)) store.Refresh(store.Generation);
            for (int attempt = 0; ; attempt++)
            {
                int generation = store.Generation;
                VboResponse? response = AnswerOrRetry(store.Request(methodArg, pathArg, bodyArg), attempt);
                if (response != null) return response;
                store.Refresh(generation);
            }
        }

        /// <summary>GET <paramref name="path"/> on the calling thread; see <see cref="Send"/>.</summary>
        public VboResponse Get(string path) => Send("GET", path, null);

        /// <summary><see cref="RefreshAsync"/> on the calling thread (it blocks until the new pair is installed).</summary>
        public void Refresh() => store.Refresh(store.Generation);

        /// <summary>
        /// Trades the refresh token for a new token pair now (VBO rotates refresh tokens).
        /// Concurrent refreshes of one session are one refresh. A refresh that
        /// <paramref name="ct"/> abandons still installs its tokens when they arrive, so the
        /// session never loses its rotated refresh token.
        /// </summary>
        public Task RefreshAsync(CancellationToken ct = default) => store.RefreshAsync(store.Generation, ct);

        /// <summary>
        /// Ends the VBO session (POST /token/logout, REST API v7 and later: the tokens stop
        /// working at the server; refreshed first like any call when about to expire), then
        /// wipes the tokens here. On v6 and older, which have no logout, only the local tokens
        /// are wiped: the access token stays valid at the server until it expires. The session
        /// cannot be used afterwards. When the logout fails, the session stays as it was.
        /// </summary>
        public async Task LogoutAsync(CancellationToken ct = default)
        {
            if (SupportsLogout(ApiVersion)) await SendAsync("POST", "/token/logout", null, ct).ConfigureAwait(false);
            store.Dispose();
        }

        /// <summary>
        /// Everything needed to resume this session in another process: server, organization,
        /// API version, user, both tokens, expiry, and the certificate-trust options (never the
        /// proxy). The same shape as the token file of the vbomfa command-line tool. It holds
        /// secrets: protect it (DPAPI, an owner-only file, a secret store).
        /// </summary>
        public string ExportSecretJson() => SessionFile.Export(this, store);

        /// <summary>
        /// A session from <see cref="ExportSecretJson"/> (or a vbomfa token file).
        /// <paramref name="options"/> replaces the saved certificate-trust options when given.
        /// </summary>
        /// <exception cref="FormatException">Not such a document (the message names what is missing, never a value).</exception>
        public static VboSession ImportSecretJson(string json, VboMfaOptions? options = null) =>
            SessionFile.Import(json, options);

        /// <summary>The current access token, for callers who must pass it on themselves (it becomes a .NET string that cannot be wiped).</summary>
        public string GetAccessToken() => store.RevealAccessToken();

        /// <summary>Wipes the tokens (no request is sent; see <see cref="LogoutAsync"/>).</summary>
        public void Dispose() => store.Dispose();

        /// <summary>Organization, user, server, API version and expiry; never a token.</summary>
        public override string ToString() =>
            "VboSession " + Organization + " (" + (UserName ?? "user unknown") + ") at " + Server + " " + ApiVersion + ", expires " + ExpiresOn.ToString("u", System.Globalization.CultureInfo.InvariantCulture);

        private static bool SupportsLogout(string version) =>
            !(version.Length == 2 && (version[0] == 'v' || version[0] == 'V') && version[1] >= '4' && version[1] <= '6');

        // The answer; null when VBO said 401 to the first attempt (refresh, then try once more);
        // otherwise the failure, thrown.
        private static VboResponse? AnswerOrRetry(NativeResult result, int attempt)
        {
            if (result.IsOk) return ToResponse(result);
            bool unauthorized = result.Status == (int)VboMfaStatus.VboRejected && result.Members.Whole("http_status") == 401;
            if (!unauthorized || attempt > 0) throw result.ToException();
            return null;
        }

        private static readonly char[] EmptyObject = { '{', '}' };
        private static readonly string[] BodyMember = { "body" };

        private static VboResponse ToResponse(NativeResult result)
        {
            using (TopLevelObject document = SecretDocument.WithRawMembers(result.Characters ?? EmptyObject, BodyMember))
            {
                int status = (int)(document.Members.Whole("http_status") ?? 200);
                if (!document.Raw.TryGetValue("body", out string? raw) || raw == "null") return new VboResponse(status, null, false);
                if (raw.Length > 0 && raw[0] == '"') return new VboResponse(status, (string?)VboJson.Parse(raw), false);
                return new VboResponse(status, raw, true);
            }
        }
    }
}
