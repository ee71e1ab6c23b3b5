using System.Threading.Tasks;
using VboMfaAuth.Tests.Support;
using Xunit;

namespace VboMfaAuth.Tests
{
    public sealed class DeclinedTests : IClassFixture<DecliningSim>
    {
        private readonly DecliningSim sim;

        public DeclinedTests(DecliningSim sim) => this.sim = sim;

        [Fact]
        public async Task ADeclinedSignInIsASignInException()
        {
            var e = await Assert.ThrowsAsync<VboMfaSignInException>(() => sim.Client().SignInAsync());
            Assert.Equal(VboMfaStatus.Declined, e.Status);
            Assert.Equal("VBOMFA_DECLINED", e.StatusName);
            Assert.Equal("authorization_declined", e.Error);
        }
    }

    public sealed class ExpiredTests : IClassFixture<ExpiringSim>
    {
        private readonly ExpiringSim sim;

        public ExpiredTests(ExpiringSim sim) => this.sim = sim;

        [Fact]
        public async Task ACodeNobodyEntersExpires()
        {
            var e = await Assert.ThrowsAsync<VboMfaSignInException>(() => sim.Client().SignInAsync());
            Assert.Equal(VboMfaStatus.Expired, e.Status);
            Assert.Equal("VBOMFA_EXPIRED", e.StatusName);
            Assert.NotNull(e.Hint);
        }
    }

    public sealed class TenantAuthDisabledTests : IClassFixture<TenantAuthDisabledSim>
    {
        private readonly TenantAuthDisabledSim sim;

        public TenantAuthDisabledTests(TenantAuthDisabledSim sim) => this.sim = sim;

        [Fact]
        public async Task VboWithoutTenantAuthenticationRefusesWithTheSettingToChange()
        {
            var e = await Assert.ThrowsAsync<VboMfaServerException>(() => sim.Client().SignInAsync());
            Assert.Equal(VboMfaStatus.VboRejected, e.Status);
            Assert.InRange(e.HttpStatus ?? 0, 400, 499);
            // The library names VBO's setting ("Enable tenants authentication with organization
            // credentials"); how specific the hint is depends on how VBO worded the refusal.
            Assert.Matches("(?i)tenants? authentication with organization credentials", e.Hint);
        }
    }

    public sealed class SelfSignedTests : IClassFixture<SelfSignedSim>
    {
        private readonly SelfSignedSim sim;

        public SelfSignedTests(SelfSignedSim sim) => this.sim = sim;

        [Fact]
        public async Task APinnedSelfSignedVboIsTrusted()
        {
            // The sign-in half trusts the certificate as a CA file; VBO is pinned.
            VboMfaOptions options = sim.Process.Options();
            options.PinSha256.Add(sim.Process.Sha256);
            using VboSession session = await sim.Client(options).SignInAsync();
            Assert.Equal(200, (await session.GetAsync("/Organization")).StatusCode);
        }

        [Fact]
        public async Task AThumbprintAsWindowsShowsItIsTrusted()
        {
            VboMfaOptions options = sim.Process.Options();
            string spaced = string.Join(" ", System.Text.RegularExpressions.Regex.Split(sim.Process.Thumbprint, "(?<=\\G..)(?!$)"));
            options.Thumbprints.Add("\u200e" + spaced.ToLowerInvariant());
            using VboSession session = await sim.Client(options).SignInAsync();
            Assert.Equal(200, (await session.GetAsync("/Organization")).StatusCode);
        }
    }
}
