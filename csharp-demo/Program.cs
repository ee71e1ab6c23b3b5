using System;
using System.Threading;
using System.Threading.Tasks;
using VboMfaAuth;

namespace CsharpDemo
{
    /// <summary>
    /// csharp-demo demo | login | multi: the VboMfaAuth library from C#. Ctrl+C cancels a
    /// sign-in through its CancellationToken (exit 130). Errors go to stderr with the
    /// library's hint; tokens are never printed.
    /// </summary>
    internal static class Program
    {
        private const string Usage =
            "usage:\n" +
            "  csharp-demo demo [--approve-after-ms MS] [--vbomfa PATH]\n" +
            "      the whole flow against the simulator (vbomfa sim), narrated\n" +
            "  csharp-demo login --server URL --organization NAME [--tenant T] [--client-id GUID] [--scope S]\n" +
            "      [--thumbprint HEX]... [--pin-sha256 HEX]... [--ca-file FILE] [--authority-host URL | --cloud C]\n" +
            "      [--api-version auto|v4..v8] [--out FILE]\n" +
            "      a real sign-in: shows the code, waits, calls GET /Organization; --out saves the session (owner-only)\n" +
            "  csharp-demo multi --count N [--vbomfa PATH]\n" +
            "      N simulated organizations signed in at once\n";

        private static async Task<int> Main(string[] args)
        {
            using var cts = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true; // let the sign-in end cleanly
                cts.Cancel();
            };
            try
            {
                string command = args.Length > 0 ? args[0] : "";
                switch (command)
                {
                    case "demo": return await DemoCommand.RunAsync(args, cts.Token);
                    case "login": return await LoginCommand.RunAsync(args, cts.Token);
                    case "multi": return await MultiCommand.RunAsync(args, cts.Token);
                    case "help":
                    case "--help":
                    case "-h":
                        Console.Out.Write(Usage);
                        return ExitCodes.Ok;
                    default:
                        throw new UsageException(command.Length == 0 ? "Give a command." : "Unknown command '" + command + "'.");
                }
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                Console.Error.Write(Usage);
                return ExitCodes.Usage;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("cancelled (Ctrl+C)");
                return ExitCodes.Cancelled;
            }
            catch (VboMfaException e)
            {
                Report(e);
                return ExitCodes.For(e.Status);
            }
            catch (VboMfaNativeLibraryException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return ExitCodes.Internal;
            }
        }

        /// <summary>The library's message and hint, then what to quote to support.</summary>
        internal static void Report(VboMfaException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            if (e.Hint != null) Console.Error.WriteLine("hint: " + e.Hint);
            Console.Error.WriteLine("status: " + e.StatusName + (e.HttpStatus.HasValue ? ", http_status: " + e.HttpStatus : ""));
            if (e.ErrorCodes.Count > 0) Console.Error.WriteLine("error_codes: " + string.Join(", ", e.ErrorCodes));
            if (e.TraceId != null) Console.Error.WriteLine("trace_id: " + e.TraceId);
            if (e.CorrelationId != null) Console.Error.WriteLine("correlation_id: " + e.CorrelationId);
        }
    }
}
