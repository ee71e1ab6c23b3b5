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
    /// Nothing is left behind: every flow freed (vbomfa_flow_free), every string the library
    /// handed out released (vbomfa_string_free), every token buffer wiped, counted by the
    /// SafeHandle layer (NativeLedger) across successes, failures, cancellations, disposal
    /// mid-wait and abandoned calls.
    /// </summary>
    [Collection(ProcessWideCollection.Name)]
    public sealed class LedgerTests
    {
        private readonly ITestOutputHelper output;

        public LedgerTests(ITestOutputHelper output) => this.output = output;

        [Fact]
        public async Task EveryPathReleasesWhatItGot()
        {
            (long flows, long strings, long secrets) baseline = await SettledAsync();
            long received = NativeLedger.StringsReceived;
            using (SimulatorProcess approving = SimulatorProcess.Start("--interval", "1", "--approve-after-ms", "0"))
            using (SimulatorProcess manual = SimulatorProcess.Start("--interval", "1", "--manual"))
            using (SimulatorControl control = approving.Control())
            {
                VboMfaClient client = new VboMfaClient(approving.VboUrl, approving.Organization, approving.Options());

                // Success: sign-in, calls, refresh, export/import, logout.
                VboSession session = await client.SignInAsync();
                await session.GetAsync("/Organization");
                await session.RefreshAsync();
                using (VboSession copy = VboSession.ImportSecretJson(session.ExportSecretJson())) await copy.GetAsync("/Organization");
                await session.LogoutAsync();

                // Five at once, disposed.
                VboSession[] many = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.SignInAsync()));
                foreach (VboSession s in many) s.Dispose();

                // Failures: refused argument, identity error, exchange error, API errors.
                client.Tenant = "bad/tenant";
                await Assert.ThrowsAsync<VboMfaArgumentException>(() => client.SignInAsync());
                client.Tenant = null;
                client.ClientId = "11111111-2222-3333-4444-555555555555";
                await Assert.ThrowsAsync<VboMfaIdentityException>(() => client.SignInAsync());
                client.ClientId = null;
                await control.InjectAsync("vbo_token", "{\"kind\":\"html\"}");
                await Assert.ThrowsAsync<VboMfaServerException>(() => client.SignInAsync());
                using (VboSession s = await client.SignInAsync())
                {
                    await control.InjectAsync("vbo_api", "{\"kind\":\"status\",\"status\":404}");
                    await Assert.ThrowsAsync<VboMfaServerException>(() => s.GetAsync("/Organization"));
                    // Abandoned: a call the token gives up on while the server delays it.
                    await control.InjectAsync("vbo_api", "{\"kind\":\"delay\",\"ms\":1500}");
                    using var cts = new CancellationTokenSource(300);
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => s.GetAsync("/Organization", cts.Token));
                }

                // Cancelled while waiting, disposed while waiting, disposed unused.
                var waiting = new VboMfaClient(manual.VboUrl, manual.Organization, manual.Options());
                using (var cts = new CancellationTokenSource(1500))
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.SignInAsync(cts.Token));
                PendingSignIn pending = await waiting.StartDeviceLoginAsync();
                Task<VboSession> wait = pending.WaitForTokenAsync();
                await Task.Delay(1200);
                pending.Dispose();
                await Assert.ThrowsAnyAsync<Exception>(() => wait);
                (await waiting.StartDeviceLoginAsync()).Dispose();
            }

            Assert.True(NativeLedger.StringsReceived - received > 40, "the ledger saw the library's strings");
            (long flows, long strings, long secrets) after = await SettledAsync();
            output.WriteLine("baseline " + baseline + ", after " + after + ", strings received " + (NativeLedger.StringsReceived - received));
            Assert.Equal(baseline, after);
        }

        [Fact]
        public async Task AFlowIsFreedOnDisposeAtOnceWhenNoCallRuns()
        {
            using SimulatorProcess manual = SimulatorProcess.Start("--interval", "1", "--manual");
            await SettledAsync();
            long flows = NativeLedger.LiveFlows;
            PendingSignIn pending = await new VboMfaClient(manual.VboUrl, manual.Organization, manual.Options()).StartDeviceLoginAsync();
            Assert.Equal(flows + 1, NativeLedger.LiveFlows);
            pending.Dispose();
            Assert.True(pending.Flow.IsFreed);
            Assert.Equal(flows, NativeLedger.LiveFlows);
        }

        // Waits until abandoned calls of earlier work have finished (the counters stop moving).
        private static async Task<(long, long, long)> SettledAsync()
        {
            (long, long, long) Read() => (NativeLedger.LiveFlows, NativeLedger.UnfreedStrings, NativeLedger.LiveSecrets);
            var last = Read();
            int stable = 0;
            for (int i = 0; i < 200 && stable < 10; i++)
            {
                await Task.Delay(50);
                var now = Read();
                stable = now.Equals(last) ? stable + 1 : 0;
                last = now;
            }
            return last;
        }
    }
}
