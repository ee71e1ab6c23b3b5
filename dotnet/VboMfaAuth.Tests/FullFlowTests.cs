using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
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
            Assert.Matches("^[A-Z0-9]{8,9}$", shown!.UserCode.Replace("-", ""));
            Assert.StartsWith(sim.Process.Value("base_url"), shown.VerificationUri);
            Assert.Contains(shown.UserCode, shown.Message);
            Assert.Equal(TimeSpan.FromSeconds(1), shown.Interval);
            Assert.True(shown.ExpiresOn > DateTimeOffset.UtcNow);

            Assert.Equal(sim.Process.User, session.UserName);
            Assert.Equal("v8", session.ApiVersion);
            Assert.True(session.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(30));

            VboResponse org = await session.GetAsync("/Organization");
            Assert.Equal(200, org.StatusCode);
            Assert.True(org.BodyIsJson);
            Assert.Contains(sim.Process.Organization, org.Body);
        }
    }
}
