using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using VboMfaAuth.Native;
using VboMfaAuth.Tests.Support;
using Xunit;

namespace VboMfaAuth.Tests
{
    /// <summary>
    /// A CancellationToken cancels the native flow promptly: the call returns within 200 ms
    /// (the requirement), the flow is cancelled in the library, and no poll follows.
    /// </summary>
    public sealed class CancellationTests : IClassFixture<ManualSim>
    {
        private static readonly TimeSpan Required = TimeSpan.FromMilliseconds(200);
        private readonly ManualSim sim;

        public CancellationTests(ManualSim sim) => this.sim = sim;

        [Fact]
        public async Task CancellingWhileWaitingReturnsAtOnceAndCancelsTheNativeFlow()
        {
            using PendingSignIn pending = await sim.Client().StartDeviceLoginAsync();
            using var cts = new CancellationTokenSource();
            Task<VboSession> waiting = pending.WaitForTokenAsync(cts.Token);
            // Let it poll at least once (the first poll is one interval after the code).
            await WaitForPollsAsync(1);
            Assert.False(waiting.IsCompleted);

            var clock = Stopwatch.StartNew();
            cts.Cancel();
            var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            clock.Stop();
            Assert.True(clock.Elapsed < Required, "returned after " + clock.ElapsedMilliseconds + " ms");
            Assert.Equal(cts.Token, e.CancellationToken);

            // The library's flow is cancelled (sticky, answered without I/O) ...
            NativeResult poll = Poll(pending);
            Assert.Equal((int)VboMfaStatus.Cancelled, poll.Status);
            // ... and nothing polls any more: 2.5 intervals later the count has not moved.
            int polls = await CountPollsAsync();
            await Task.Delay(2500);
            Assert.Equal(polls, await CountPollsAsync());
        }

        [Fact]
        public async Task CancellingDuringARequestInFlightAbortsIt()
        {
            using PendingSignIn pending = await sim.Client().StartDeviceLoginAsync();
            // The first poll hangs for 60 s at the simulator.
            await sim.Control.InjectAsync("ms_token", "{\"kind\":\"delay\",\"ms\":60000}");
            using var cts = new CancellationTokenSource();
            Task<VboSession> waiting = pending.WaitForTokenAsync(cts.Token);
            await WaitForPollsAsync(1);
            await Task.Delay(200); // the request is now in flight

            var clock = Stopwatch.StartNew();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            Assert.True(clock.Elapsed < Required, "returned after " + clock.ElapsedMilliseconds + " ms");

            // The native call in flight was aborted: the flow is freed (which waits for every
            // call on it to return) long before the simulator's 60 s delay ends.
            pending.Dispose();
            Assert.True(await Eventually.TrueAsync(() => pending.Flow.IsFreed, TimeSpan.FromSeconds(15)), "the poll in flight was not aborted");
        }

        [Fact]
        public async Task AnAlreadyCancelledTokenSendsNothing()
        {
            int before = await sim.Control.CountAsync("devicecode");
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sim.Client().StartDeviceLoginAsync(cts.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sim.Client().SignInAsync(cts.Token));
            Assert.Equal(before, await sim.Control.CountAsync("devicecode"));
        }

        [Fact]
        public async Task DisposingWhileWaitingEndsTheWaitAndFreesTheFlow()
        {
            PendingSignIn pending = await sim.Client().StartDeviceLoginAsync();
            Task<VboSession> waiting = pending.WaitForTokenAsync();
            await WaitForPollsAsync(1);
            pending.Dispose();
            Exception e = await Assert.ThrowsAnyAsync<Exception>(() => waiting);
            Assert.True(e is ObjectDisposedException || (e is VboMfaSignInException s && s.Status == VboMfaStatus.Cancelled), e.ToString());
            Assert.True(await Eventually.TrueAsync(() => pending.Flow.IsFreed, TimeSpan.FromSeconds(15)));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.WaitForTokenAsync());
            pending.Cancel(); // harmless after dispose
        }

        [Fact]
        public async Task TheBlockingWaitExportTimesOutAsTimeout()
        {
            // vbomfa_wait_token is not used by the async API (it would hold a thread), but it is
            // declared like every export: its uint32_t time limit crosses correctly.
            using PendingSignIn pending = await sim.Client().StartDeviceLoginAsync();
            NativeResult result = await Task.Run(() => NativeCalls.WaitWithoutResult(pending.Flow, 300));
            Assert.Equal((int)VboMfaStatus.Timeout, result.Status);
            var e = Assert.IsType<VboMfaSignInException>(result.ToException());
            Assert.Equal("VBOMFA_TIMEOUT", e.StatusName);
            // The flow is still usable after a time-out.
            Assert.Equal((int)VboMfaStatus.Pending, Poll(pending).Status);
        }

        [Fact]
        public async Task ApprovalThroughTheControlApiCompletesAManualSignIn()
        {
            using PendingSignIn pending = await sim.Client().StartDeviceLoginAsync();
            await sim.Control.ApproveAsync(pending.DeviceCode.UserCode);
            using VboSession session = await pending.WaitForTokenAsync();
            Assert.Equal(sim.Process.User, session.UserName);
        }

        [Fact]
        public async Task CancellingFromTheCallbackStopsBeforeTheFirstPoll()
        {
            using var cts = new CancellationTokenSource();
            int polls = await CountPollsAsync();
            Task<VboSession> signIn = sim.Client().SignInWithDeviceCodeAsync(code =>
            {
                cts.Cancel();
                return Task.CompletedTask;
            }, cts.Token);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => signIn);
            await Task.Delay(1500); // past the first poll's time
            Assert.Equal(polls, await CountPollsAsync());
        }

        private static NativeResult Poll(PendingSignIn pending)
        {
            using SignInStep step = NativeCalls.PollAndExchange(pending.Flow, pending.ExchangeTarget);
            return step.Poll!;
        }

        // The simulator counts the token polls of every flow; the test's own flow is the only
        // one polling while it runs (the tests of a class run one after another).
        private async Task WaitForPollsAsync(int atLeast)
        {
            int start = await CountPollsAsync();
            var clock = Stopwatch.StartNew();
            while (await CountPollsAsync() < start + atLeast)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "no poll arrived");
                await Task.Delay(50);
            }
        }

        private Task<int> CountPollsAsync() => sim.Control.CountAsync("ms_token");
    }
}
