using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VboMfaAuth;
using VboMfaAuth.Simulator;

namespace CsharpDemo
{
    /// <summary>
    /// demo: starts the simulator (vbomfa sim: Microsoft's device-code endpoints and a VBO
    /// REST API on 127.0.0.1, with its own throw-away CA), then runs the whole flow through
    /// the library and says what happens at each step.
    /// </summary>
    internal static class DemoCommand
    {
        public static async Task<int> RunAsync(string[] args, CancellationToken ct)
        {
            Arguments a = Arguments.Parse(args, new[] { "--approve-after-ms", SimulatorStart.Switch }, Array.Empty<string>());
            int approveAfter = a.Number("--approve-after-ms", 2000, 0, 600_000);

            Step(1, "Starting the simulator (" + SimulatorStart.Program(a) + " sim).");
            using SimulatorProcess sim = SimulatorStart.Run(a, "--approve-after-ms", approveAfter.ToString());
            Console.WriteLine("   identity platform: " + sim.AuthorityHost);
            Console.WriteLine("   VBO REST API:      " + sim.VboUrl);
            Console.WriteLine("   organization:      " + sim.Organization);
            Console.WriteLine("   native library:    " + VboMfaClient.NativeLibraryPath + " (" + VboMfaClient.NativeVersion + ")");

            Step(2, "Asking Microsoft for a device code (vbomfa_start_device_flow).");
            var client = new VboMfaClient(sim.VboUrl, sim.Organization, new VboMfaOptions
            {
                AuthorityHost = sim.AuthorityHost, // instead of https://login.microsoftonline.com
                CaFile = sim.CaFile,               // trust the simulator's CA
            });
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using VboSession session = await client.SignInWithDeviceCodeAsync(code =>
            {
                Console.WriteLine("   " + code.Message);
                Console.WriteLine("   (a person would now open that page and sign in with MFA; the simulator approves after " + approveAfter + " ms." +
                    " Polling every " + code.Interval.TotalSeconds + " s; the code is valid until " + code.ExpiresOn.ToString("HH:mm:ss") + " UTC.)");
                Step(3, "Waiting for the sign-in (vbomfa_poll_token between Task.Delay calls; no thread is held).");
                return Task.CompletedTask;
            }, ct);
            Console.WriteLine("   Signed in after " + clock.Elapsed.TotalSeconds.ToString("0.0") + " s; the Microsoft token went straight to VBO (vbomfa_exchange_vbo_token).");
            Console.WriteLine("   user: " + session.UserName + ", REST API " + session.ApiVersion + ", access token expires " + session.ExpiresOn.ToString("u"));

            Step(4, "Calling GET /" + session.ApiVersion + "/Organization (vbomfa_vbo_request).");
            VboResponse org = await session.GetAsync("/Organization", ct);
            var body = org.Json as Dictionary<string, object?>;
            Console.WriteLine("   HTTP " + org.StatusCode + ": organization \"" + body?["name"] + "\" (id " + body?["id"] + ")");

            Step(5, "Refreshing the token pair (vbomfa_refresh_vbo_token; VBO rotates the refresh token).");
            await session.RefreshAsync(ct);
            Console.WriteLine("   new token pair, access token expires " + session.ExpiresOn.ToString("u"));

            Step(6, "Logging out (POST /token/logout; the tokens are wiped here and revoked there).");
            await session.LogoutAsync(ct);

            Console.WriteLine();
            Console.WriteLine("Demo complete: signed in " + sim.Organization + " as " + session.UserName + ", called the API, refreshed, logged out. No token was printed.");
            return ExitCodes.Ok;
        }

        private static void Step(int n, string text) => Console.WriteLine(n + ". " + text);
    }
}
