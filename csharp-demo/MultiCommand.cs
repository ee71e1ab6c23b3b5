using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VboMfaAuth;
using VboMfaAuth.Simulator;

namespace CsharpDemo
{
    /// <summary>
    /// multi: N simulated organizations signed in at once, the way an MSP tool does it: start
    /// every sign-in (StartDeviceLoginAsync), show every code, then await them all
    /// (WaitForTokenAsync). Waiting holds no thread: each sign-in is polled between
    /// Task.Delay calls.
    /// </summary>
    internal static class MultiCommand
    {
        public static async Task<int> RunAsync(string[] args, CancellationToken ct)
        {
            Arguments a = Arguments.Parse(args, new[] { "--count", SimulatorStart.Switch }, Array.Empty<string>());
            int count = a.Number("--count", 5, 1, 200);
            using SimulatorProcess sim = SimulatorStart.Run(a, "--approve-after-ms", "1500", "--tenants", count.ToString());
            VboMfaOptions options = sim.Options();
            Console.WriteLine("Signing in " + count + " organizations at once against " + sim.VboUrl + ".");

            var clock = Stopwatch.StartNew();
            VboMfaClient[] clients = sim.Organizations.Select(org => new VboMfaClient(sim.VboUrl, org, options)).ToArray();
            PendingSignIn[] pending = await Task.WhenAll(clients.Select(c => c.StartDeviceLoginAsync(ct)));
            try
            {
                foreach (PendingSignIn p in pending)
                    Console.WriteLine("  " + p.Client.Organization.PadRight(28) + " code " + p.DeviceCode.UserCode);
                int threadsBefore = ThreadPool.ThreadCount;
                Task<VboSession>[] waits = pending.Select(p => p.WaitForTokenAsync(ct)).ToArray();
                await Task.WhenAll(waits.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

                int signedIn = 0, failed = 0;
                for (int i = 0; i < count; i++)
                {
                    string org = pending[i].Client.Organization;
                    if (waits[i].IsCanceled) throw new OperationCanceledException(ct);
                    if (waits[i].IsFaulted)
                    {
                        failed++;
                        Exception e = waits[i].Exception!.InnerException!;
                        Console.WriteLine("  " + org.PadRight(28) + " FAILED: " + (e is VboMfaException v ? v.StatusName + ": " + v.Message : e.Message));
                        continue;
                    }
                    using VboSession session = waits[i].Result;
                    VboResponse answer = await session.GetAsync("/Organization", ct);
                    signedIn++;
                    Console.WriteLine("  " + org.PadRight(28) + " signed in as " + session.UserName + ", GET /Organization: HTTP " + answer.StatusCode);
                }
                Console.WriteLine(signedIn + " of " + count + " organizations signed in in " + clock.Elapsed.TotalSeconds.ToString("0.0") +
                    " s (thread pool: " + threadsBefore + " threads before waiting, " + ThreadPool.ThreadCount + " after).");
                return failed == 0 ? ExitCodes.Ok : ExitCodes.VboRejected;
            }
            finally
            {
                foreach (PendingSignIn p in pending) p.Dispose();
            }
        }
    }
}
