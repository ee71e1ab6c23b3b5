using System;
using System.Threading;
using System.Threading.Tasks;
using VboMfaAuth.Async;
using VboMfaAuth.Native;

namespace VboMfaAuth
{
    /// <summary>
    /// Signs one organization in to one VBO server with Microsoft's device-code flow (MFA
    /// done in the person's browser), shaped like MSAL.NET's <c>AcquireTokenWithDeviceCode</c>:
    /// <code>
    /// var client = new VboMfaClient("https://vbo.example.com", "contoso.onmicrosoft.com");
    /// VboSession session = await client.SignInWithDeviceCodeAsync(code =>
    /// {
    ///     Console.WriteLine(code.Message);
    ///     return Task.CompletedTask;
    /// }, ct);
    /// VboResponse org = await session.GetAsync("/Organization", ct);
    /// </code>
    /// Thread-safe; one client may run many sign-ins at once. Many tenants at once: one client
    /// per organization, <see cref="StartDeviceLoginAsync"/> for each, then
    /// <see cref="PendingSignIn.WaitForTokenAsync"/> (no thread is held while waiting).
    /// </summary>
    public sealed class VboMfaClient
    {
        /// <summary>A client for <paramref name="organization"/> on the VBO server <paramref name="server"/>.</summary>
        /// <param name="server">https://host[:port] of the VBO REST API (port 4443 when none).</param>
        /// <param name="organization">The organization's name as registered in VBO (exact letter case), e.g. contoso.onmicrosoft.com.</param>
        /// <param name="options">The library's options; null for the defaults.</param>
        public VboMfaClient(string server, string organization, VboMfaOptions? options = null)
        {
            if (string.IsNullOrWhiteSpace(server)) throw new ArgumentException("The VBO server URL is required, e.g. https://vbo.example.com:4443.", nameof(server));
            if (string.IsNullOrWhiteSpace(organization)) throw new ArgumentException("The organization is required, e.g. contoso.onmicrosoft.com.", nameof(organization));
            Server = server;
            Organization = organization;
            Options = options ?? new VboMfaOptions();
        }

        /// <summary>The VBO server's URL.</summary>
        public string Server { get; }

        /// <summary>The organization, as VBO knows it.</summary>
        public string Organization { get; }

        /// <summary>The Microsoft tenant to sign in to: a domain, a tenant GUID or "organizations". Default: the organization.</summary>
        public string? Tenant { get; set; }

        /// <summary>The application (client) ID; null for the public client Veeam documents.</summary>
        public string? ClientId { get; set; }

        /// <summary>Space-separated scopes; null for "Directory.AccessAsUser.All User.ReadWrite.All offline_access".</summary>
        public string? Scope { get; set; }

        /// <summary>The library's options for every call of this client.</summary>
        public VboMfaOptions Options { get; }

        /// <summary>The native library's version, e.g. 0.1.0 (loads it if needed).</summary>
        public static string NativeVersion => NativeCalls.Version();

        /// <summary>Where the native library was loaded from (loads it if needed): a full path, or its file name when the system's search found it.</summary>
        public static string NativeLibraryPath
        {
            get
            {
                NativeLibraryLoader.EnsureLoaded();
                return NativeLibraryLoader.LoadedFrom ?? NativeLibraryCandidates.FileName;
            }
        }

        /// <summary>
        /// The whole sign-in: asks for a device code, hands it to
        /// <paramref name="onDeviceCode"/> to show, waits until the person has signed in, then
        /// exchanges the result at VBO.
        /// </summary>
        /// <exception cref="VboMfaException">A failure, with its status and hint (declined, expired, refused, ...).</exception>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (the native flow is cancelled too).</exception>
        public async Task<VboSession> SignInWithDeviceCodeAsync(Func<DeviceCodeInfo, Task> onDeviceCode, CancellationToken ct = default)
        {
            if (onDeviceCode == null) throw new ArgumentNullException(nameof(onDeviceCode));
            using (PendingSignIn pending = await StartDeviceLoginAsync(ct).ConfigureAwait(false))
            {
                await onDeviceCode(pending.DeviceCode).ConfigureAwait(false);
                return await pending.WaitForTokenAsync(ct).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// The first half: asks Microsoft for a device code. Show
        /// <see cref="PendingSignIn.DeviceCode"/>, then call
        /// <see cref="PendingSignIn.WaitForTokenAsync"/>; dispose the result when done.
        /// </summary>
        public Task<PendingSignIn> StartDeviceLoginAsync(CancellationToken ct = default)
        {
            byte[] tenant = Utf8.Required(Tenant ?? Organization, nameof(Tenant));
            byte[]? clientId = Utf8.Arg(ClientId, nameof(ClientId));
            byte[]? scope = Utf8.Arg(Scope, nameof(Scope));
            byte[]? options = Utf8.Arg(Options.ToJson(OptionsUse.DeviceFlow), nameof(Options));
            return StartAsync(tenant, clientId, scope, options, Options.Clone(), ct);
        }

        private async Task<PendingSignIn> StartAsync(byte[] tenant, byte[]? clientId, byte[]? scope, byte[]? options, VboMfaOptions snapshot, CancellationToken ct)
        {
            using (StartOutcome started = await Blocking.RunAsync(() => NativeCalls.Start(tenant, clientId, scope, options), ct).ConfigureAwait(false))
            {
                if (!started.Result.IsOk) throw started.Result.ToException();
                return new PendingSignIn(this, snapshot, started.TakeFlow(), new DeviceCodeInfo(started.Result.Members));
            }
        }

        /// <summary>Server and organization (no secret).</summary>
        public override string ToString() => "VboMfaClient " + Organization + " at " + Server;
    }
}
