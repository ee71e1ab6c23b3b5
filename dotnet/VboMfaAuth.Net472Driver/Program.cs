using System;
using System.Threading.Tasks;
using VboMfaAuth;
using VboMfaAuth.Simulator;

namespace VboMfaAuth.Net472Driver
{
    internal static class Program
    {
        private static async Task<int> Main()
        {
            Console.WriteLine("runtime: " + Environment.Version + ", native " + VboMfaClient.NativeVersion);
            using (SimulatorProcess sim = SimulatorProcess.Start("--interval", "1", "--approve-after-ms", "0"))
            {
                var client = new VboMfaClient(sim.VboUrl, sim.Organization, sim.Options());
                using (VboSession session = await client.SignInWithDeviceCodeAsync(code =>
                {
                    Console.WriteLine(code.Message);
                    return Task.CompletedTask;
                }))
                {
                    VboResponse org = await session.GetAsync("/Organization");
                    Console.WriteLine("GET /Organization: " + org);
                }
            }
            return 0;
        }
    }
}
