using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using VboMfaAuth.Simulator;
using VboMfaAuth.Tests.Support;
using Xunit;

namespace VboMfaAuth.Tests
{
    /// <summary>The whole sign-in through the public API, against the simulator over TLS.</summary>
    public sealed class FullFlowTests : IClassFixture<ApprovingSim>
    {
        private readonly ApprovingSim sim;

        public FullFlowTests(ApprovingSim sim) => this.sim = sim;

        [Fact]
        public async Task SignInShowsTheCodeThenCallsTheApi()
        {
            VboMfaClient client = sim.Client();
            DeviceCodeInfo? shown = null;
            using VboSession session = await client.SignInWithDeviceCodeAsync(code =>
            {
                shown = code;
                return Task.CompletedTask;
            });

            Assert.NotNull(shown);
            Assert.Matches("^[A-Z0-9]{8,9}$", shown!.UserCode);
            Assert.Equal(sim.Process.SignInPage, shown.VerificationUri);
            Assert.Contains(shown.UserCode, shown.Message);
            Assert.Contains(shown.VerificationUri, shown.Message);
            Assert.Null(shown.Warning);
            Assert.Equal(TimeSpan.FromSeconds(1), shown.Interval);
            Assert.InRange(shown.ExpiresOn, DateTimeOffset.UtcNow.AddMinutes(10), DateTimeOffset.UtcNow.AddMinutes(16));

            Assert.Equal(sim.Process.Organization, session.Organization);
            Assert.Equal(sim.Process.VboUrl, session.Server);
            Assert.Equal(sim.Process.User, session.UserName);
            Assert.Equal("v8", session.ApiVersion);
            Assert.True(session.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(30));

            VboResponse org = await session.GetAsync("/Organization");
            Assert.Equal(200, org.StatusCode);
            Assert.True(org.BodyIsJson);
            var body = Assert.IsType<Dictionary<string, object?>>(org.Json);
            Assert.Equal(sim.Process.Organization, body["name"]);
        }

        [Fact]
        public async Task TheTwoHalvesSignInWithoutTheCallback()
        {
            VboMfaClient client = sim.Client();
            using PendingSignIn pending = await client.StartDeviceLoginAsync();
            Assert.Same(client, pending.Client);
            Assert.False(string.IsNullOrEmpty(pending.DeviceCode.UserCode));
            using VboSession session = await pending.WaitForTokenAsync();
            Assert.Equal(200, (await session.GetAsync("/ServiceInstance")).StatusCode);
        }

        [Fact]
        public async Task ApiVersionOptionChoosesTheVersionAndPathsMayNameOne()
        {
            VboMfaOptions options = sim.Process.Options();
            options.ApiVersion = "v7";
            using VboSession session = await sim.Client(options).SignInAsync();
            Assert.Equal("v7", session.ApiVersion);
            Assert.Equal(200, (await session.GetAsync("/Organization")).StatusCode);
            Assert.Equal(200, (await session.GetAsync("/v8/Organization")).StatusCode);
        }

        [Fact]
        public async Task SendAsyncPostsAJsonBody()
        {
            using VboSession session = await sim.Client().SignInAsync();
            // The simulator's Organization resource takes no POST: VBO's 405 comes back as a
            // refusal with its HTTP status, which proves the body and method went through.
            var e = await Assert.ThrowsAsync<VboMfaServerException>(() => session.SendAsync("POST", "/Organization", "{\"name\":\"x\"}"));
            Assert.Equal(VboMfaStatus.VboRejected, e.Status);
            Assert.Equal(405, e.HttpStatus);
        }

        [Fact]
        public async Task LogoutEndsTheServerSessionAndWipesTheTokens()
        {
            VboSession session = await sim.Client().SignInAsync();
            string exported = session.ExportSecretJson();
            await session.LogoutAsync();

            await Assert.ThrowsAsync<ObjectDisposedException>(() => session.GetAsync("/Organization"));
            Assert.Throws<ObjectDisposedException>(() => session.GetAccessToken());

            // The same tokens, resumed elsewhere, no longer work: the 401 makes the session
            // refresh once, and the refresh token was revoked too.
            using VboSession resumed = VboSession.ImportSecretJson(exported);
            var e = await Assert.ThrowsAsync<VboMfaServerException>(() => resumed.GetAsync("/Organization"));
            Assert.Equal(VboMfaStatus.VboRejected, e.Status);
            Assert.Equal("VBOMFA_VBO_REJECTED", e.StatusName);
        }

        [Fact]
        public async Task LogoutOnV6OnlyWipesTheTokensHere()
        {
            VboMfaOptions options = sim.Process.Options();
            options.ApiVersion = "v6";
            VboSession session = await sim.Client(options).SignInAsync();
            Assert.Equal("v6", session.ApiVersion);
            int requests = (await sim.Control.RequestsAsync()).Count;
            await session.LogoutAsync(); // REST API v6 has no /token/logout
            Assert.Equal(requests, (await sim.Control.RequestsAsync()).Count);
            Assert.Throws<ObjectDisposedException>(() => session.GetAccessToken());
        }

        [Fact]
        public async Task TheNativeLibraryIdentifiesItself()
        {
            Assert.Matches(@"^\d+\.\d+\.\d+", VboMfaClient.NativeVersion);
            Assert.EndsWith("libvbo_mfa_auth.so", VboMfaClient.NativeLibraryPath);
            await Task.CompletedTask;
        }
    }
}
