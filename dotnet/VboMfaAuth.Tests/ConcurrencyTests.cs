using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VboMfaAuth.Tests.Support;
using Xunit;

namespace VboMfaAuth.Tests
{
    /// <summary>Many tenants at once: 20 organizations signed in concurrently by one process.</summary>
    public sealed class ConcurrencyTests : IClassFixture<TwentyTenantSim>
    {
        private readonly TwentyTenantSim sim;

        public ConcurrencyTests(TwentyTenantSim sim) => this.sim = sim;

        [Fact]
        public async Task TwentyOrganizationsSignInAtOnce()
        {
            IReadOnlyList<string> organizations = sim.Process.Organizations;
            Assert.Equal(20, organizations.Count);
            VboMfaOptions options = sim.Process.Options();

            // Start all twenty, then wait for all: the two halves, as a multi-tenant tool does.
            PendingSignIn[] pending = await Task.WhenAll(organizations.Select(org =>
                new VboMfaClient(sim.Process.VboUrl, org, options).StartDeviceLoginAsync()));
            try
            {
                Assert.Equal(20, pending.Select(p => p.DeviceCode.UserCode).Distinct().Count());
                VboSession[] sessions = await Task.WhenAll(pending.Select(p => p.WaitForTokenAsync()));
                try
                {
                    Assert.Equal(organizations, sessions.Select(s => s.Organization));
                    Assert.Equal(20, sessions.Select(s => s.UserName).Distinct().Count());
                    Assert.Equal(20, sessions.Select(s => s.GetAccessToken()).Distinct().Count());
                    VboResponse[] answers = await Task.WhenAll(sessions.Select(s => s.GetAsync("/Organization")));
                    for (int i = 0; i < 20; i++)
                        Assert.Contains("\"" + organizations[i] + "\"", answers[i].Body);
                }
                finally
                {
                    foreach (VboSession s in sessions) s.Dispose();
                }
            }
            finally
            {
                foreach (PendingSignIn p in pending) p.Dispose();
            }
        }

        [Fact]
        public async Task ManyCallsOnOneSessionShareIt()
        {
            using VboSession session = await sim.Client().SignInAsync();
            VboResponse[] answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => session.GetAsync("/Organization")));
            Assert.All(answers, a => Assert.Equal(200, a.StatusCode));
        }
    }
}
