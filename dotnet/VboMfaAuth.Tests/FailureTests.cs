using System;
using System.Linq;
using System.Threading.Tasks;
using VboMfaAuth.Tests.Support;
using Xunit;

namespace VboMfaAuth.Tests
{
    /// <summary>
    /// Every failure status surfaces as the right exception, with the library's hint and
    /// details: the simulator's real answers, its faults (control API), and real sockets.
    /// </summary>
    public sealed class FailureTests : IClassFixture<ApprovingSim>
    {
        private readonly ApprovingSim sim;

        public FailureTests(ApprovingSim sim) => this.sim = sim;

        [Fact]
        public async Task ABadTenantIsAnArgumentErrorNamingItAndNothingIsSent()
        {
            VboMfaClient client = sim.Client();
            client.Tenant = "contoso.onmicrosoft.com/../other";
            int before = await sim.Control.CountAsync("devicecode");
            var e = await Assert.ThrowsAsync<VboMfaArgumentException>(() => client.StartDeviceLoginAsync());
            Assert.Equal(VboMfaStatus.InvalidArgument, e.Status);
            Assert.Equal("VBOMFA_INVALID_ARGUMENT", e.StatusName);
            Assert.Contains("tenant", e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(before, await sim.Control.CountAsync("devicecode"));
        }

        [Theory]
        [InlineData("api_version")]
        [InlineData("timeout_ms")]
        [InlineData("proxy")]
        public async Task ABadOptionIsAnArgumentErrorNamingTheKey(string key)
        {
            VboMfaOptions options = sim.Process.Options();
            switch (key)
            {
                case "api_version": options.ApiVersion = "v9"; break;
                case "timeout_ms": options.Timeout = TimeSpan.FromHours(2); break;
                case "proxy": options.Proxy = "ftp://proxy:21"; break;
            }
            // The sign-in refuses its own bad keys at once; api_version, a VBO key, at the exchange.
            var e = await Assert.ThrowsAsync<VboMfaArgumentException>(() => sim.Client(options).SignInAsync());
            Assert.Contains(key, e.Message);
        }

        [Fact]
        public async Task AConfidentialAppIsAnIdentityErrorWithItsCodeHintAndIds()
        {
            VboMfaClient client = sim.Client();
            client.ClientId = "11111111-2222-3333-4444-555555555555";
            var e = await Assert.ThrowsAsync<VboMfaIdentityException>(() => client.SignInAsync());
            Assert.Equal(VboMfaStatus.IdpError, e.Status);
            Assert.Equal("VBOMFA_IDP_ERROR", e.StatusName);
            Assert.Equal(401, e.HttpStatus);
            Assert.Equal("invalid_client", e.Error);
            Assert.Contains(7000218L, e.ErrorCodes);
            Assert.Contains("public client", e.Hint);
            Assert.False(string.IsNullOrEmpty(e.TraceId));
            Assert.False(string.IsNullOrEmpty(e.CorrelationId));
            Assert.StartsWith("AADSTS7000218", e.ErrorDescription);
            Assert.Contains("\"error_codes\"", e.ErrorJson);
        }

        [Fact]
        public async Task ConditionalAccessIsAnIdentityErrorWithTheHintFor53003()
        {
            await sim.Control.InjectAsync("ms_token",
                "{\"kind\":\"oauth_error\",\"status\":400,\"error\":\"interaction_required\",\"code\":53003,\"description\":\"Access has been blocked by Conditional Access policies.\"}");
            var e = await Assert.ThrowsAsync<VboMfaIdentityException>(() => sim.Client().SignInAsync());
            Assert.Equal(new[] { 53003L }, e.ErrorCodes.ToArray());
            Assert.Equal("interaction_required", e.Error);
            Assert.Equal(400, e.HttpStatus);
            Assert.Contains("Conditional Access", e.Hint);
        }

        [Fact]
        public async Task AnOrganizationInAnotherLetterCaseIsRefusedByVboWithAHint()
        {
            string organization = sim.Process.Organization.ToUpperInvariant();
            var client = new VboMfaClient(sim.Process.VboUrl, organization, sim.Process.Options())
            {
                Tenant = sim.Process.Organization,
            };
            var e = await Assert.ThrowsAsync<VboMfaServerException>(() => client.SignInAsync());
            Assert.Equal(VboMfaStatus.VboRejected, e.Status);
            Assert.Equal(400, e.HttpStatus);
            Assert.Contains("letter case", e.Hint);
            Assert.Contains(organization, e.Hint);
        }

        [Fact]
        public async Task AnUntrustedCertificateIsATlsErrorGivingItsFingerprints()
        {
            var options = new VboMfaOptions { AuthorityHost = sim.Process.AuthorityHost };
            var e = await Assert.ThrowsAsync<VboMfaConnectionException>(() => sim.Client(options).StartDeviceLoginAsync());
            Assert.Equal(VboMfaStatus.Tls, e.Status);
            Assert.Equal(sim.Process.Sha256, e.ServerSha256, ignoreCase: true);
            Assert.Contains(sim.Process.Sha256, e.Hint, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public async Task AWrongPinIsATlsErrorAtVbo()
        {
            VboMfaOptions options = sim.Process.Options();
            options.PinSha256.Add(new string('0', 64));
            var e = await Assert.ThrowsAsync<VboMfaConnectionException>(() => sim.Client(options).SignInAsync());
            Assert.Equal(VboMfaStatus.Tls, e.Status);
            Assert.Equal(sim.Process.Sha256, e.ServerSha256, ignoreCase: true);
            Assert.Contains("update the pin", e.Hint);
        }

        [Fact]
        public async Task AClosedPortIsANetworkError()
        {
            var options = new VboMfaOptions { AuthorityHost = "https://127.0.0.1:" + Ports.Closed(), CaFile = sim.Process.CaFile };
            var e = await Assert.ThrowsAsync<VboMfaConnectionException>(() => sim.Client(options).StartDeviceLoginAsync());
            Assert.Equal(VboMfaStatus.Network, e.Status);
            Assert.NotNull(e.Hint);
        }

        [Theory]
        [InlineData("{\"kind\":\"redirect\",\"location\":\"https://evil.example/x\"}", 1, VboMfaStatus.HttpError, null, "final address")]
        [InlineData("{\"kind\":\"status\",\"status\":503}", 3, VboMfaStatus.HttpError, 503, null)]
        [InlineData("{\"kind\":\"html\"}", 1, VboMfaStatus.Protocol, null, "proxy")]
        public async Task UnwelcomeApiAnswersAreServerErrors(string fault, int times, VboMfaStatus status, int? http, string? hint)
        {
            // A redirect is never followed; a 503 is retried twice, then reported; an HTML
            // page where JSON is due is a protocol error.
            using VboSession session = await sim.Client().SignInAsync();
            await sim.Control.InjectAsync("vbo_api", fault, times);
            var e = await Assert.ThrowsAsync<VboMfaServerException>(() => session.GetAsync("/Organization"));
            Assert.Equal(status, e.Status);
            if (http.HasValue) Assert.Equal(http, e.HttpStatus);
            if (hint != null) Assert.Contains(hint, e.Hint);
        }

        [Fact]
        public async Task AFailedExchangeCanBeRetriedWithoutANewSignIn()
        {
            using PendingSignIn pending = await sim.Client().StartDeviceLoginAsync();
            await sim.Control.InjectAsync("vbo_token", "{\"kind\":\"html\"}");
            var e = await Assert.ThrowsAsync<VboMfaServerException>(() => pending.WaitForTokenAsync());
            Assert.Equal(VboMfaStatus.Protocol, e.Status);

            int polls = await sim.Control.CountAsync("ms_token");
            using VboSession session = await pending.WaitForTokenAsync();
            Assert.Equal(200, (await session.GetAsync("/Organization")).StatusCode);
            Assert.Equal(polls, await sim.Control.CountAsync("ms_token"));
        }

        [Fact]
        public async Task CancelEndsAWaitWithCancelled()
        {
            using PendingSignIn pending = await sim.Client().StartDeviceLoginAsync();
            pending.Cancel();
            var e = await Assert.ThrowsAsync<VboMfaSignInException>(() => pending.WaitForTokenAsync());
            Assert.Equal(VboMfaStatus.Cancelled, e.Status);
            Assert.Equal("VBOMFA_CANCELLED", e.StatusName);
        }

        [Fact]
        public void EveryStatusHasItsFamily()
        {
            Assert.IsType<VboMfaSignInException>(VboMfaException.FromNative(10, null));
            Assert.IsType<VboMfaSignInException>(VboMfaException.FromNative(11, null));
            Assert.IsType<VboMfaSignInException>(VboMfaException.FromNative(12, null));
            Assert.IsType<VboMfaSignInException>(VboMfaException.FromNative(13, null));
            Assert.IsType<VboMfaArgumentException>(VboMfaException.FromNative(20, null));
            Assert.IsType<VboMfaConnectionException>(VboMfaException.FromNative(30, null));
            Assert.IsType<VboMfaConnectionException>(VboMfaException.FromNative(31, null));
            Assert.IsType<VboMfaIdentityException>(VboMfaException.FromNative(40, null));
            Assert.IsType<VboMfaServerException>(VboMfaException.FromNative(41, null));
            Assert.IsType<VboMfaServerException>(VboMfaException.FromNative(42, null));
            Assert.IsType<VboMfaServerException>(VboMfaException.FromNative(43, null));
            VboMfaException internalError = VboMfaException.FromNative(99, "{\"status\":\"VBOMFA_INTERNAL\",\"code\":99,\"message\":\"A bug.\"}");
            Assert.Equal(typeof(VboMfaException), internalError.GetType());
            Assert.Equal("A bug.", internalError.Message);
            Assert.Equal("VBOMFA_INTERNAL", internalError.StatusName);
            Assert.Equal("VBOMFA_INTERNAL", VboMfaException.FromNative(99, null).StatusName);
            Assert.Equal("VBOMFA_UNKNOWN (77)", VboMfaException.FromNative(77, "not json").StatusName);
        }
    }
}
