using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VboMfaAuth.Tests.Support;
using Xunit;

namespace VboMfaAuth.Tests
{
    /// <summary>
    /// <see cref="VboSession.Send"/> and <see cref="VboSession.Get"/>: the same calls on the
    /// calling thread (their refresh rules are in <see cref="RefreshTests"/>, run both ways).
    /// </summary>
    public sealed class SynchronousCallTests : IClassFixture<ApprovingSim>
    {
        private readonly ApprovingSim sim;

        public SynchronousCallTests(ApprovingSim sim) => this.sim = sim;

        [Fact]
        public async Task GetAnswersWhatGetAsyncAnswers()
        {
            using VboSession session = await sim.Client().SignInAsync();
            int calls = await sim.Control.CountAsync("vbo_api");
            VboResponse sync = session.Get("/Organization");
            VboResponse viaPool = await session.GetAsync("/Organization");
            Assert.Equal(calls + 2, await sim.Control.CountAsync("vbo_api"));
            Assert.Equal(200, sync.StatusCode);
            Assert.True(sync.BodyIsJson);
            Assert.Equal(viaPool.Body, sync.Body);
            var body = Assert.IsType<Dictionary<string, object?>>(sync.Json);
            Assert.Equal(sim.Process.Organization, body["name"]);
        }

        [Fact]
        public async Task SendCarriesTheMethodAndBodyAndThrowsTheRefusal()
        {
            using VboSession session = await sim.Client().SignInAsync();
            var e = Assert.Throws<VboMfaServerException>(() => session.Send("POST", "/Organization", "{\"name\":\"x\"}"));
            Assert.Equal(VboMfaStatus.VboRejected, e.Status);
            Assert.Equal(405, e.HttpStatus);
            Assert.Throws<ArgumentException>(() => session.Send("GET", "/Organization\0x"));
        }

        [Fact]
        public async Task SynchronousAndAsyncCallersOnAnExpiredSessionShareOneRefresh()
        {
            string exported = await sim.ExportedSessionAsync();
            using VboSession session = VboSession.ImportSecretJson(SessionDocuments.With(exported, "expires_at", "2020-01-01T00:00:00Z"));
            int tokens = await sim.Control.CountAsync("vbo_token");
            using var start = new ManualResetEventSlim();
            var threads = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
            {
                start.Wait();
                return session.Get("/Organization");
            }, TaskCreationOptions.LongRunning)).ToList();
            start.Set();
            var pooled = Enumerable.Range(0, 4).Select(_ => session.GetAsync("/Organization"));
            VboResponse[] answers = await Task.WhenAll(threads.Concat(pooled));
            Assert.All(answers, a => Assert.Equal(200, a.StatusCode));
            Assert.Equal(tokens + 1, await sim.Control.CountAsync("vbo_token"));
        }

        [Fact]
        public async Task ADisposedSessionRefusesSynchronousCalls()
        {
            VboSession session = await sim.Client().SignInAsync();
            session.Dispose();
            Assert.Throws<ObjectDisposedException>(() => session.Get("/Organization"));
            Assert.Throws<ObjectDisposedException>(() => session.Refresh());
        }
    }
}
