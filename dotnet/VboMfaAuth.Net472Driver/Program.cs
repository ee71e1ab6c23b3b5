using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using VboMfaAuth.Simulator;

namespace VboMfaAuth.Net472Driver
{
    /// <summary>
    /// Runs the checks of <see cref="Checks"/> against two simulators and prints one line per
    /// check and a closing "N passed, M failed" line; exit code 1 when any failed.
    /// </summary>
    internal static class Program
    {
        private static async Task<int> Main()
        {
            Console.WriteLine("runtime: " + RuntimeName() + " " + Environment.Version + "; native library " + VboMfaClient.NativeVersion + " from " + VboMfaClient.NativeLibraryPath);
            int passed = 0, failed = 0;
            using (SimulatorProcess approving = SimulatorProcess.Start("--interval", "1", "--approve-after-ms", "0"))
            using (SimulatorProcess manual = SimulatorProcess.Start("--interval", "1", "--manual"))
            {
                var checks = new Checks(approving, manual);
                foreach (KeyValuePair<string, Func<Task>> check in checks.All())
                {
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        await check.Value().ConfigureAwait(false);
                        passed++;
                        Console.WriteLine("ok   " + check.Key + " (" + clock.ElapsedMilliseconds + " ms)");
                    }
                    catch (Exception e)
                    {
                        failed++;
                        Console.WriteLine("FAIL " + check.Key + ": " + e);
                    }
                }
            }
            Console.WriteLine(passed + " passed, " + failed + " failed");
            return failed == 0 ? 0 : 1;
        }

        private static string RuntimeName() =>
            Type.GetType("Mono.Runtime") != null ? "Mono" : System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
    }
}
