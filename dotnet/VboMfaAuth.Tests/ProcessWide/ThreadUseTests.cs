using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VboMfaAuth.Native;
using VboMfaAuth.Simulator;
using VboMfaAuth.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace VboMfaAuth.Tests.ProcessWide
{
    /// <summary>
    /// Waiting sign-ins hold no thread: between polls no call is blocked in the library, and
    /// the thread pool does not grow by a thread per sign-in.
    /// </summary>
    [Collection(ProcessWideCollection.Name)]
    public sealed class ThreadUseTests
    {
        private readonly ITestOutputHelper output;

        public ThreadUseTests(ITestOutputHelper output) => this.output = output;

        [Fact]
        public async Task TwentyWaitingSignInsParkNoThreads()
        {
            using SimulatorProcess manual = SimulatorProcess.Start("--interval", "1", "--manual");
            var client = new VboMfaClient(manual.VboUrl, manual.Organization, manual.Options());
            PendingSignIn[] pending = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.StartDeviceLoginAsync()));
            int before = ThreadPool.ThreadCount;
            using var cts = new CancellationTokenSource();
            Task[] waits = pending.Select(p => (Task)p.WaitForTokenAsync(cts.Token)).ToArray();
            int peak = 0, idle = 0, samples = 0;
            // Three polling rounds (1 s interval) while all twenty wait.
            for (; samples < 60; samples++)
            {
                await Task.Delay(50);
                peak = Math.Max(peak, ThreadPool.ThreadCount);
                if (NativeLedger.CallsInFlight == 0) idle++;
            }
            cts.Cancel();
            foreach (Task wait in waits) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
            foreach (PendingSignIn p in pending) p.Dispose();
            output.WriteLine("thread pool: " + before + " before, peak " + peak + "; no native call running in " + idle + " of " + samples + " samples");
            // A blocking wait per sign-in would keep twenty calls in the library all the time.
            Assert.True(idle >= samples / 2, "native calls were running in " + (samples - idle) + " of " + samples + " samples");
            Assert.True(peak - before < 20, "the thread pool grew from " + before + " to " + peak);
        }
    }
}
