using System;
using System.Linq;
using System.Threading.Tasks;
using VboMfaAuth.Tests.Support;
using Xunit;

namespace VboMfaAuth.Tests
{
    /// <summary>Sessions refresh themselves shortly before expiry and once on a 401; counted at the simulator.</summary>
    public sealed class RefreshTests : IClassFixture<ApprovingSim>
    {
        private readonly ApprovingSim sim;

        public RefreshTests(ApprovingSim sim) => this.sim = sim;

        [Fact]
        public async Task RefreshAsyncRotatesTheTokenPair()
        {
            using VboSession session = await sim.Client().SignInAsync();
            string before = session.GetAccessToken();
            DateTimeOffset expiresBefore = session.ExpiresOn;
            int tokens = await sim.Control.CountAsync("vbo_token");
            await session.RefreshAsync();
            Assert.Equal(tokens + 1, await sim.Control.CountAsync("vbo_token"));
            Assert.NotEqual(before, session.GetAccessToken());
            Assert.True(session.ExpiresOn >= expiresBefore);
            Assert.Equal(200, (await session.GetAsync("/Organization")).StatusCode);
            // The rotated refresh token works again (the old one was replaced, not reused).
            await session.RefreshAsync();
        }

        [Fact]
        public async Task ATokenAboutToExpireIsRefreshedBeforeTheCall()
        {
            using VboSession session = await sim.Client().SignInAsync();
            string before = session.GetAccessToken();
            session.RefreshBeforeExpiry = TimeSpan.FromDays(1); // the hour-long token is "about to expire"
            int tokens = await sim.Control.CountAsync("vbo_token");
            Assert.Equal(200, (await session.GetAsync("/Organization")).StatusCode);
            Assert.Equal(tokens + 1, await sim.Control.CountAsync("vbo_token"));
            Assert.NotEqual(before, session.GetAccessToken());

            session.RefreshBeforeExpiry = TimeSpan.FromMinutes(2);
            await session.GetAsync("/Organization");
            Assert.Equal(tokens + 1, await sim.Control.CountAsync("vbo_token"));
        }

        [Fact]
        public async Task AnExpiredImportedSessionRefreshesFirst()
        {
            string exported = await sim.ExportedSessionAsync();
            string expired = SessionDocuments.With(exported, "expires_at", "2020-01-01T00:00:00Z");
            using VboSession session = VboSession.ImportSecretJson(expired);
            Assert.True(session.ExpiresOn < DateTimeOffset.UtcNow);

            int tokens = await sim.Control.CountAsync("vbo_token");
            Assert.Equal(200, (await session.GetAsync("/Organization")).StatusCode);
            Assert.Equal(tokens + 1, await sim.Control.CountAsync("vbo_token"));
            Assert.True(session.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(30));
        }

        [Fact]
        public async Task A401RefreshesOnceAndRetries()
        {
            string exported = await sim.ExportedSessionAsync();
            // An access token VBO does not know, with a valid refresh token and a future expiry.
            string stale = SessionDocuments.With(exported, "access_token", "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ4In0.c2ln");
            using VboSession session = VboSession.ImportSecretJson(stale);

            await sim.Control.ResetRequestsAsync();
            Assert.Equal(200, (await session.GetAsync("/Organization")).StatusCode);
            var log = (await sim.Control.RequestsAsync()).Where(r => r.Endpoint != null).Select(r => r.Endpoint + " " + r.Status).ToList();
            // This class's tests run one at a time, so the record is this test's alone.
            Assert.Equal(new[] { "vbo_api 401", "vbo_token 200", "vbo_api 200" }, log);
        }

        [Fact]
        public async Task A401AfterTheRefreshIsThrownNotRetriedForever()
        {
            using VboSession session = await sim.Client().SignInAsync();
            await sim.Control.InjectAsync("vbo_api", "{\"kind\":\"status\",\"status\":401}", times: 2);
            await sim.Control.ResetRequestsAsync();
            var e = await Assert.ThrowsAsync<VboMfaServerException>(() => session.GetAsync("/Organization"));
            Assert.Equal(401, e.HttpStatus);
            Assert.Equal(VboMfaStatus.VboRejected, e.Status);
            Assert.Equal(1, await sim.Control.CountAsync("vbo_token"));
            Assert.Equal(2, await sim.Control.CountAsync("vbo_api"));
        }

        [Fact]
        public async Task ConcurrentCallsOnAnExpiredSessionShareOneRefresh()
        {
            string exported = await sim.ExportedSessionAsync();
            using VboSession session = VboSession.ImportSecretJson(SessionDocuments.With(exported, "expires_at", "2020-01-01T00:00:00Z"));
            int tokens = await sim.Control.CountAsync("vbo_token");
            VboResponse[] answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => session.GetAsync("/Organization")));
            Assert.All(answers, a => Assert.Equal(200, a.StatusCode));
            Assert.Equal(tokens + 1, await sim.Control.CountAsync("vbo_token"));
        }

        [Fact]
        public async Task ARefreshTokenThatNoLongerWorksIsARefusalWithAHint()
        {
            using VboSession session = await sim.Client().SignInAsync();
            string exported = session.ExportSecretJson();
            await session.RefreshAsync(); // rotates: the exported refresh token is now spent
            using VboSession old = VboSession.ImportSecretJson(exported);
            var e = await Assert.ThrowsAsync<VboMfaServerException>(() => old.RefreshAsync());
            Assert.Equal(VboMfaStatus.VboRejected, e.Status);
            Assert.Contains("sign in again", e.Hint);
        }
    }
}
