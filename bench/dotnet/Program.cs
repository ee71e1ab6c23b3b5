using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using VboMfaAuth;

// What the .NET layer adds per call. One signed-in session against the benchmark's nginx
// (bench/run.sh: the IdP server answers a tenant's token poll once its file is in
// APPROVED_DIR), then BLOCKS blocks of BLOCK calls each way, in turn:
//   C ABI:   a bare P/Invoke of vbomfa_vbo_request on the caller's thread, freeing the result,
//            which is what a C program does;
//   sync:    session.Get("/Organization") (the same call on the caller's thread, plus the
//            managed layer: UTF-8 arguments, token lease, refresh check, result parsing);
//   async:   await session.GetAsync("/Organization") (the same, run on the thread pool).
// Prints one JSON line: medians and p90 in microseconds, sync / C ABI and async / C ABI, and
// the CPU time and context switches per call of the whole process during each side's blocks.
// Usage: LayerCost VBO_URL AUTHORITY_URL CA_FILE APPROVED_DIR ACCESS_TOKEN_FILE BLOCKS BLOCK
static class Program
{
    [DllImport("vbo_mfa_auth")]
    static extern int vbomfa_vbo_request(byte[] url, byte[] token, byte[] method, byte[] path,
        byte[]? body, byte[] options, out IntPtr outJson);

    [DllImport("vbo_mfa_auth")]
    static extern void vbomfa_string_free(IntPtr json);

    static byte[] Z(string s) => Encoding.UTF8.GetBytes(s + "\0");

    static readonly int[][] Orders = { new[] { 0, 1, 2 }, new[] { 2, 1, 0 }, new[] { 1, 0, 2 }, new[] { 2, 0, 1 }, new[] { 0, 2, 1 }, new[] { 1, 2, 0 } };

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>CPU time of every thread of this process so far, in µs (CLOCK_PROCESS_CPUTIME_ID: exact, where /proc counts 10 ms ticks).</summary>
    static double ProcessCpuMicroseconds()
    {
        if (ClockGetTime(2, out TimeSpec t) != 0) throw new InvalidOperationException("clock_gettime failed");
        return t.Seconds * 1e6 + t.Nanoseconds / 1e3;
    }

    /// <summary>Context switches of every thread of this process so far (Linux /proc).</summary>
    static long ContextSwitches()
    {
        long total = 0;
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                foreach (string line in File.ReadLines(Path.Combine(task, "status")))
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) ||
                        line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        total += long.Parse(line.Substring(line.IndexOf(':') + 1).Trim());
            }
            catch (IOException) { } // a thread that ended meanwhile
        }
        return total;
    }

    static async Task<int> Main(string[] args)
    {
        if (args.Length != 7)
        {
            Console.Error.WriteLine("usage: LayerCost VBO_URL AUTHORITY_URL CA_FILE APPROVED_DIR ACCESS_TOKEN_FILE BLOCKS BLOCK");
            return 2;
        }
        string vbo = args[0], authority = args[1], ca = args[2], approved = args[3];
        int blocks = int.Parse(args[5]), block = int.Parse(args[6]);
        // The same library file the managed layer loaded (one runtime, one pool per trust).
        NativeLibrary.SetDllImportResolver(typeof(Program).Assembly,
            (name, assembly, path) => NativeLibrary.Load(VboMfaClient.NativeLibraryPath));

        var options = new VboMfaOptions { AuthorityHost = authority, CaFile = ca, ApiVersion = "v8" };
        string tenant = $"i1-dotnet{Environment.ProcessId}.bench";
        File.Create(Path.Combine(approved, tenant)).Dispose();
        var client = new VboMfaClient(vbo, "contoso.onmicrosoft.com", options) { Tenant = tenant };
        using VboSession session = await client.SignInWithDeviceCodeAsync(_ => Task.CompletedTask);

        byte[] url = Z(vbo), token = Z(File.ReadAllText(args[4]).Trim()), get = Z("GET"),
            path = Z("/Organization"), opts = Z($"{{\"tls_ca_file\":\"{ca}\",\"api_version\":\"v8\"}}");
        Task Native()
        {
            int status = vbomfa_vbo_request(url, token, get, path, null, opts, out IntPtr json);
            vbomfa_string_free(json);
            if (status != 0) throw new InvalidOperationException($"vbomfa_vbo_request: {status}");
            return Task.CompletedTask;
        }
        Task Sync()
        {
            VboResponse response = session.Get("/Organization");
            if (response.StatusCode != 200) throw new InvalidOperationException($"HTTP {response.StatusCode}");
            return Task.CompletedTask;
        }
        async Task Async()
        {
            VboResponse response = await session.GetAsync("/Organization").ConfigureAwait(false);
            if (response.StatusCode != 200) throw new InvalidOperationException($"HTTP {response.StatusCode}");
        }

        var sides = new (Func<Task> call, double[] times)[]
        {
            (Native, new double[blocks * block]), (Sync, new double[blocks * block]), (Async, new double[blocks * block]),
        };
        var switches = new long[sides.Length];
        var cpu = new double[sides.Length];
        // Warm-up: the pools and the connection, and the JIT. .NET compiles a method quickly
        // first and optimizes it only after it has run for a while (tiered compilation, with
        // profile-guided optimization in between), so every side runs for at least 5 s in
        // all: what is timed is the code a long-running tool or service runs.
        var warm = Stopwatch.StartNew();
        do
        {
            foreach (var side in sides)
                for (int i = 0; i < 200; i++) await side.call();
        } while (warm.Elapsed < TimeSpan.FromSeconds(5));
        // Profiling (bench/run.sh): LAYERCOST_PROFILE=c_abi|sync|async runs that side alone
        // after the warm-up, BLOCKS*BLOCK calls between "enable" and "disable" written to the
        // control FIFO of `perf record --control` named by LAYERCOST_PERF_CTL.
        string? only = Environment.GetEnvironmentVariable("LAYERCOST_PROFILE");
        if (only != null)
        {
            int s = Array.IndexOf(new[] { "c_abi", "sync", "async" }, only);
            if (s < 0) throw new ArgumentException("LAYERCOST_PROFILE: c_abi, sync or async");
            string control = Environment.GetEnvironmentVariable("LAYERCOST_PERF_CTL")
                ?? throw new ArgumentException("LAYERCOST_PERF_CTL: the perf control FIFO");
            File.WriteAllText(control, "enable\n");
            for (int i = 0; i < blocks * block; i++) await sides[s].call();
            File.WriteAllText(control, "disable\n");
            Console.WriteLine($"{{\"profiled\":\"{only}\",\"calls\":{blocks * block}}}");
            return 0;
        }
        for (int b = 0; b < blocks; b++)
        {
            // The order changes from block to block through all six, so that no side always
            // follows the same one (an async block leaves pool threads spinning for a moment,
            // which speeds up whatever runs next).
            int[] order = Orders[b % Orders.Length];
            for (int k = 0; k < sides.Length; k++)
            {
                int s = order[k];
                var side = sides[s];
                long before = ContextSwitches();
                double cpuBefore = ProcessCpuMicroseconds();
                for (int i = 0; i < block; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    await side.call();
                    side.times[b * block + i] = (Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency;
                }
                cpu[s] += ProcessCpuMicroseconds() - cpuBefore;
                switches[s] += ContextSwitches() - before;
            }
        }
        double Median(double[] t) { Array.Sort(t); return t[t.Length / 2]; }
        double P90(double[] t) => t[t.Length * 9 / 10];
        double native = Median(sides[0].times), sync = Median(sides[1].times), async = Median(sides[2].times);
        double PerCall(double n) => n / (blocks * block);
        Console.WriteLine(
            $"{{\"calls\":{blocks * block},\"c_abi_median_us\":{native:F1},\"c_abi_p90_us\":{P90(sides[0].times):F1}," +
            $"\"sync_median_us\":{sync:F1},\"sync_p90_us\":{P90(sides[1].times):F1},\"ratio\":{sync / native:F3}," +
            $"\"async_median_us\":{async:F1},\"async_p90_us\":{P90(sides[2].times):F1},\"async_ratio\":{async / native:F3}," +
            $"\"c_abi_switches_per_call\":{PerCall(switches[0]):F2},\"sync_switches_per_call\":{PerCall(switches[1]):F2}," +
            $"\"async_switches_per_call\":{PerCall(switches[2]):F2}," +
            $"\"c_abi_cpu_us\":{PerCall(cpu[0]):F1},\"sync_cpu_us\":{PerCall(cpu[1]):F1},\"async_cpu_us\":{PerCall(cpu[2]):F1}," +
            $"\"runtime\":\"{Environment.Version}\"}}");
        return 0;
    }
}
