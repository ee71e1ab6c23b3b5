using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using VboMfaAuth;

// What the .NET layer adds per call. One signed-in session against the benchmark's nginx
// (bench/run.sh: the IdP server answers a tenant's token poll once its file is in
// APPROVED_DIR), then BLOCKS blocks of BLOCK calls each way, alternating:
//   managed: await session.GetAsync("/Organization")  (the library's thread-pool hop, token
//            lease, result parsing);
//   C ABI:   a bare P/Invoke of vbomfa_vbo_request on the caller's thread, freeing the result,
//            which is what a C program does.
// Prints one JSON line: medians and p90 in microseconds, managed / C ABI, and the context
// switches per call of the whole process during each side's blocks.
// Usage: LayerCost VBO_URL AUTHORITY_URL CA_FILE APPROVED_DIR ACCESS_TOKEN_FILE BLOCKS BLOCK
static class Program
{
    [DllImport("vbo_mfa_auth")]
    static extern int vbomfa_vbo_request(byte[] url, byte[] token, byte[] method, byte[] path,
        byte[]? body, byte[] options, out IntPtr outJson);

    [DllImport("vbo_mfa_auth")]
    static extern void vbomfa_string_free(IntPtr json);

    static byte[] Z(string s) => Encoding.UTF8.GetBytes(s + "\0");

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
        async Task Managed()
        {
            VboResponse response = await session.GetAsync("/Organization").ConfigureAwait(false);
            if (response.StatusCode != 200) throw new InvalidOperationException($"HTTP {response.StatusCode}");
        }

        var sides = new (Func<Task> call, double[] times)[] { (Native, new double[blocks * block]), (Managed, new double[blocks * block]) };
        var switches = new long[2];
        foreach (var side in sides)
            for (int i = 0; i < 200; i++) await side.call(); // JIT, pools, connection
        for (int b = 0; b < blocks; b++)
        {
            for (int k = 0; k < 2; k++)
            {
                int s = (b + k) % 2;
                var side = sides[s];
                long before = ContextSwitches();
                for (int i = 0; i < block; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    await side.call();
                    side.times[b * block + i] = (Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency;
                }
                switches[s] += ContextSwitches() - before;
            }
        }
        double Median(double[] t) { Array.Sort(t); return t[t.Length / 2]; }
        double P90(double[] t) => t[t.Length * 9 / 10];
        double native = Median(sides[0].times), managed = Median(sides[1].times);
        Console.WriteLine(
            $"{{\"calls\":{blocks * block},\"c_abi_median_us\":{native:F1},\"c_abi_p90_us\":{P90(sides[0].times):F1}," +
            $"\"managed_median_us\":{managed:F1},\"managed_p90_us\":{P90(sides[1].times):F1},\"ratio\":{managed / native:F3}," +
            $"\"c_abi_switches_per_call\":{switches[0] / (double)(blocks * block):F2},\"managed_switches_per_call\":{switches[1] / (double)(blocks * block):F2}," +
            $"\"runtime\":\"{Environment.Version}\"}}");
        return 0;
    }
}
