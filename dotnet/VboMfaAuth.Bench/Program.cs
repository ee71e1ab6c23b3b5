using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using VboMfaAuth;
using VboMfaAuth.Native;
using VboMfaAuth.Simulator;

// Latency of one GET /Organization, n times each way, on one signed-in session.
const int n = 2000;
using SimulatorProcess sim = SimulatorProcess.Start("--interval", "1", "--approve-after-ms", "0");
var client = new VboMfaClient(sim.VboUrl, sim.Organization, sim.Options());
using VboSession session = await client.SignInWithDeviceCodeAsync(_ => Task.CompletedTask);
var target = new VboTarget(sim.VboUrl, sim.Organization, sim.Options(), session.ApiVersion);
using SecretBuffer token = SecretBuffer.FromString(session.GetAccessToken());
byte[] get = Utf8.Required("GET", "method"), path = Utf8.Required("/Organization", "path");

double[] Measure(Func<Task> call)
{
    for (int i = 0; i < 200; i++) call().GetAwaiter().GetResult(); // warm-up: JIT, pool, TLS
    var times = new double[n];
    for (int i = 0; i < n; i++)
    {
        long start = Stopwatch.GetTimestamp();
        call().GetAwaiter().GetResult();
        times[i] = (Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency;
    }
    Array.Sort(times);
    return times;
}

string Row(string what, double[] t) =>
    $"| {what} | p50 {t[n / 2]:0} µs, p90 {t[n * 9 / 10]:0} µs, p99 {t[n * 99 / 100]:0} µs (n={n}) |";

double[] raw = Measure(() => { NativeCalls.Request(target, token, get, path, null); return Task.CompletedTask; });
double[] api = Measure(() => session.GetAsync("/Organization"));
Console.WriteLine(Row("bare P/Invoke `vbomfa_vbo_request` (caller's thread)", raw));
Console.WriteLine(Row("`VboSession.GetAsync(\"/Organization\")`", api));
Console.WriteLine($"runtime {Environment.Version}, native library {VboMfaClient.NativeLibraryPath}");
