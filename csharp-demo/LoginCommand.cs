using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using VboMfaAuth;

namespace CsharpDemo
{
    /// <summary>
    /// login: a real sign-in of an organization to a VBO server. The device-code message goes
    /// to stderr (so stdout can be redirected), then GET /Organization is printed; --out
    /// saves the session for later (it holds tokens: written owner-only).
    /// </summary>
    internal static class LoginCommand
    {
        private static readonly string[] Switches =
        {
            "--server", "--organization", "--tenant", "--client-id", "--scope", "--thumbprint", "--pin-sha256",
            "--ca-file", "--authority-host", "--cloud", "--api-version", "--out",
        };

        public static async Task<int> RunAsync(string[] args, CancellationToken ct)
        {
            Arguments a = Arguments.Parse(args, Switches, new[] { "--insecure" });
            if (a.Value("--authority-host") != null && a.Value("--cloud") != null)
                throw new UsageException("Give --authority-host or --cloud, not both.");
            var options = new VboMfaOptions
            {
                AuthorityHost = a.Value("--authority-host"),
                Cloud = a.Value("--cloud"),
                ApiVersion = a.Value("--api-version"),
                CaFile = a.Value("--ca-file"),
                SkipCertificateCheck = a.Flag("--insecure"),
            };
            foreach (string t in a.All("--thumbprint")) options.Thumbprints.Add(t);
            foreach (string p in a.All("--pin-sha256")) options.PinSha256.Add(p);
            var client = new VboMfaClient(a.Required("--server"), a.Required("--organization"), options)
            {
                Tenant = a.Value("--tenant"),
                ClientId = a.Value("--client-id"),
                Scope = a.Value("--scope"),
            };

            using VboSession session = await client.SignInWithDeviceCodeAsync(code =>
            {
                Console.Error.WriteLine(code.Message);
                if (code.Warning != null) Console.Error.WriteLine("warning: " + code.Warning);
                Console.Error.WriteLine("Waiting for the sign-in (Ctrl+C cancels); the code expires at " + code.ExpiresOn.ToLocalTime().ToString("HH:mm:ss") + ".");
                return Task.CompletedTask;
            }, ct);
            if (session.Warning != null) Console.Error.WriteLine("warning: " + session.Warning);
            Console.Error.WriteLine("Signed in as " + session.UserName + " (REST API " + session.ApiVersion + ", token valid until " + session.ExpiresOn.ToLocalTime().ToString("HH:mm:ss") + ").");

            string? file = a.Value("--out");
            if (file != null && !Save(file, session.ExportSecretJson())) return ExitCodes.CannotWrite;

            VboResponse org = await session.GetAsync("/Organization", ct);
            Console.WriteLine(org.Body);
            return ExitCodes.Ok;
        }

        // Owner-only from the start on Unix; on Windows the file inherits the folder's ACL.
        private static bool Save(string file, string json)
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (var stream = new FileStream(file, options))
                using (var writer = new StreamWriter(stream))
                    writer.Write(json);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                Console.Error.WriteLine("Saved the session to " + file + " (it holds tokens; VboSession.ImportSecretJson or vbomfa get -t reads it).");
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Console.Error.WriteLine("error: cannot write " + file + " (" + e.Message + ").");
                return false;
            }
        }
    }
}
