using System;
using System.Linq;
using System.Threading.Tasks;
using VboMfaAuth.Tests.Support;
using Xunit;

namespace VboMfaAuth.Tests
{
    /// <summary>Sessions refresh themselves shortly before expiry and once on a 401, async or on the calling thread; counted at the simulator.</summary>
    public sealed class RefreshTests : IClassFixture<ApprovingSim>
    {
        private readonly ApprovingSim sim;

        public RefreshTests(ApprovingSim sim) => this.sim = sim;

        // The async calls, or the same calls on the calling thread (Get, Refresh).
        private static Task<VboResponse> Get(VboSession session, bool onCallingThread) =>
            onCallingThread ? Task.FromResult(session.Get("/Organization")) : session.GetAsync("/Organization");

        private static Task Refresh(VboSession session, bool onCallingThread)
        {
            if (!onCallingThread) return session.RefreshAsync();
            session.Refresh();
            return Task.CompletedTask;
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task RefreshRotatesTheTokenPair(bool onCallingThread)
        {
            using VboSession session = await sim.Client().SignInAsync();
            string before = session.GetAccessToken();
            DateTimeOffset expiresBefore = session.ExpiresOn;
            int tokens = await sim.Control.CountAsync("vbo_token");
            await Refresh(session, onCallingThread);
            Assert.Equal(tokens + 1, await sim.Control.CountAsync("vbo_token"));
            Assert.NotEqual(before, session.GetAccessToken());
            Assert.True(session.ExpiresOn >= expiresBefore);
            Assert.Equal(200, (await Get(session, onCallingThread)).StatusCode);
            // The rotated refresh token works again (the old one was replaced, not reused).
            await Refresh(session, onCallingThread);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task ATokenAboutToExpireIsRefreshedBeforeTheCall(bool onCallingThread)
        {
            using VboSession session = await sim.Client().SignInAsync();
            string before = session.GetAccessToken();
            session.RefreshBeforeExpiry = TimeSpan.FromDays(1); // the hour-long token is "about to expire"
            int tokens = await sim.Control.CountAsync("vbo_token");
            Assert.Equal(200, (await Get(session, onCallingThread)).StatusCode);
            Assert.Equal(tokens + 1, await sim.Control.CountAsync("vbo_token"));
            Assert.NotEqual(before, session.GetAccessToken());

            session.RefreshBeforeExpiry = TimeSpan.FromMinutes(2);
            await Get(session, onCallingThread);
            Assert.Equal(tokens + 1, await sim.Control.CountAsync("vbo_token"));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task AnExpiredImportedSessionRefreshesFirst(bool onCallingThread)
        {
            string exported = await sim.ExportedSessionAsync();
            string expired = SessionDocuments.With(exported, "expires_at", "2020-01-01T00:00:00Z");
            using VboSession session = VboSession.ImportSecretJson(expired);
            Assert.True(session.ExpiresOn < DateTimeOffset.UtcNow);

            int tokens = await sim.Control.CountAsync("vbo_token");
            Assert.Equal(200, (await Get(session, onCallingThread)).StatusCode);
            Assert.Equal(tokens + 1, await sim.Control.CountAsync("vbo_token"));
            Assert.True(session.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(30));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A401RefreshesOnceAndRetries(bool onCallingThread)
        {
            string exported = await sim.ExportedSessionAsync();
            // An access token VBO does not know, with a valid refresh token and a future expiry.
            string stale = SessionDocuments.With(exported, "access_token", "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ4In0.c2ln");
            using VboSession session = VboSession.ImportSecretJson(stale);

            await sim.Control.ResetRequestsAsync();
            Assert.Equal(200, (await Get(session, onCallingThread)).StatusCode);
            var log = (await sim.Control.RequestsAsync()).Where(r => r.Endpoint != null).Select(r => r.Endpoint + " " + r.Status).ToList();
            // This class's tests run one at a time, so the record is this test's alone.
            Assert.Equal(new[] { "vbo_api 401", "vbo_token 200", "vbo_api 200" }, log);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A401AfterTheRefreshIsThrownNotRetriedForever(bool onCallingThread)
        {
            using VboSession session = await sim.Client().SignInAsync();
            await sim.Control.InjectAsync("vbo_api", "{\"kind\":\"status\",\"status\":401}", times: 2);
            await sim.Control.ResetRequestsAsync();
            var e = await Assert.ThrowsAsync<VboMfaServerException>(() => Get(session, onCallingThread));
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
