using System;
using System.Threading.Tasks;
using VboMfaAuth.Tests.Support;
using Xunit;

namespace VboMfaAuth.Tests
{
    /// <summary>Arguments cross to C as UTF-8, and what C cannot take is refused here, by name.</summary>
    public sealed class ArgumentTests : IClassFixture<ApprovingSim>
    {
        private readonly ApprovingSim sim;

        public ArgumentTests(ApprovingSim sim) => this.sim = sim;

        [Fact]
        public async Task NonAsciiTextCrossesBothWaysIntact()
        {
            // VBO knows no such organization; its name comes back in the library's hint.
            const string organization = "Zoë-Müller-日本.onmicrosoft.com";
            var client = new VboMfaClient(sim.Process.VboUrl, organization, sim.Process.Options()) { Tenant = sim.Process.Organization };
            var e = await Assert.ThrowsAsync<VboMfaServerException>(() => client.SignInAsync());
            Assert.Contains("'" + organization + "'", e.Hint);
        }

        [Fact]
        public async Task ANulCharacterIsRefusedNamingTheArgument()
        {
            var client = sim.Client();
            client.Scope = "offline_access\0openid";
            var e = await Assert.ThrowsAsync<ArgumentException>(() => client.StartDeviceLoginAsync());
            Assert.Equal("Scope", e.ParamName);
            using VboSession session = await sim.Client().SignInAsync();
            var e2 = await Assert.ThrowsAsync<ArgumentException>(() => session.SendAsync("POST", "/Organization", "{\"a\":\"\0\"}"));
            Assert.Equal("jsonBody", e2.ParamName);
            Assert.DoesNotContain("\"a\"", e2.Message);
        }

        [Fact]
        public async Task ALoneSurrogateIsRefused()
        {
            var client = sim.Client();
            client.Tenant = "contoso\ud800";
            await Assert.ThrowsAsync<ArgumentException>(() => client.StartDeviceLoginAsync());
        }

        [Fact]
        public void TheClientNeedsServerAndOrganization()
        {
            Assert.Throws<ArgumentException>(() => new VboMfaClient("", "x"));
            Assert.Throws<ArgumentException>(() => new VboMfaClient("https://vbo", " "));
        }

        [Fact]
        public async Task AScopeWithoutOfflineAccessCarriesTheLibrarysWarning()
        {
            var client = sim.Client();
            client.Scope = "Directory.AccessAsUser.All";
            using PendingSignIn pending = await client.StartDeviceLoginAsync();
            Assert.Contains("offline_access", pending.DeviceCode.Warning);
        }

        [Fact]
        public async Task TheTenantDefaultsToTheOrganizationAndMayBeAGuid()
        {
            var client = sim.Client();
            client.Tenant = sim.Process.Value("tenant").Split(' ')[1].Trim('(', ')');
            using VboSession session = await client.SignInAsync();
            Assert.Equal(sim.Process.User, session.UserName);
        }
    }
}
