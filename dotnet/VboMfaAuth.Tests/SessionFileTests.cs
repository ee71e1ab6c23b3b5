using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using VboMfaAuth.Simulator;
using VboMfaAuth.Tests.Support;
using Xunit;

namespace VboMfaAuth.Tests
{
    /// <summary>Exported sessions resume elsewhere, and are the vbomfa tool's token files.</summary>
    public sealed class SessionFileTests : IClassFixture<ApprovingSim>
    {
        private readonly ApprovingSim sim;

        public SessionFileTests(ApprovingSim sim) => this.sim = sim;

        [Fact]
        public async Task AnExportedSessionResumesWithEverything()
        {
            VboMfaOptions options = sim.Process.Options();
            options.Thumbprints.Add(sim.Process.Thumbprint);
            using VboSession session = await sim.Client(options).SignInAsync();
            string json = session.ExportSecretJson();

            var document = (Dictionary<string, object?>)VboJson.Parse(json)!;
            Assert.Equal(session.GetAccessToken(), document["access_token"]);
            Assert.IsType<string>(document["refresh_token"]);
            Assert.Equal("bearer", document["token_type"]);
            Assert.Equal(sim.Process.User, document["userName"]);
            Assert.Equal("v8", document["api_version"]);
            Assert.Equal(sim.Process.VboUrl, document["vbo_url"]);
            Assert.Equal(sim.Process.Organization, document["organization"]);
            var trust = (Dictionary<string, object?>)document["vbo_options"]!;
            Assert.Equal(sim.Process.CaFile, trust["tls_ca_file"]);
            Assert.Equal(new List<object?> { sim.Process.Thumbprint }, trust["tls_thumbprint"]);
            Assert.DoesNotContain("proxy", json);

            using VboSession resumed = VboSession.ImportSecretJson(json);
            Assert.Equal(session.Server, resumed.Server);
            Assert.Equal(session.Organization, resumed.Organization);
            Assert.Equal(session.UserName, resumed.UserName);
            Assert.Equal(session.ApiVersion, resumed.ApiVersion);
            Assert.Equal(session.ExpiresOn.ToUnixTimeSeconds(), resumed.ExpiresOn.ToUnixTimeSeconds());
            Assert.Equal(session.GetAccessToken(), resumed.GetAccessToken());
            Assert.Equal(sim.Process.Thumbprint, Assert.Single(resumed.Options.Thumbprints));
            Assert.Null(resumed.Options.Proxy);
            Assert.Equal(200, (await resumed.GetAsync("/Organization")).StatusCode);
        }

        [Fact]
        public async Task TheProxyIsNeverExported()
        {
            string exported = await sim.ExportedSessionAsync();
            VboMfaOptions withProxy = sim.Process.Options();
            withProxy.Proxy = "http://user:hunter2@proxy.example:8080";
            using VboSession resumed = VboSession.ImportSecretJson(exported, withProxy);
            Assert.Equal(withProxy.Proxy, resumed.Options.Proxy);
            string again = resumed.ExportSecretJson();
            Assert.DoesNotContain("hunter2", again);
            Assert.DoesNotContain("proxy", again);
            Assert.DoesNotContain("hunter2", resumed.Options.ToString());
            Assert.DoesNotContain("hunter2", resumed.ToString());
        }

        [Fact]
        public async Task TheVbomfaToolUsesAnExportedSession()
        {
            using VboSession session = await sim.Client().SignInAsync();
            string file = Path.Combine(Path.GetTempPath(), "vbomfa-dotnet-test-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                File.WriteAllText(file, session.ExportSecretJson());
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                (int exit, string output, string errors) = Run(VbomfaBinary.Find(), "get /Organization -t " + file);
                Assert.True(exit == 0, "vbomfa get failed: " + errors);
                Assert.Contains(sim.Process.Organization, output);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public async Task ASessionFromTheVbomfaToolResumesHere()
        {
            string file = Path.Combine(Path.GetTempPath(), "vbomfa-dotnet-test-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                (int exit, _, string errors) = await Task.Run(() => Run(VbomfaBinary.Find(),
                    "login --server " + sim.Process.VboUrl + " --organization " + sim.Process.Organization +
                    " --authority-host " + sim.Process.AuthorityHost + " --ca-file " + sim.Process.CaFile + " --out " + file));
                Assert.True(exit == 0, "vbomfa login failed: " + errors);
                using VboSession session = VboSession.ImportSecretJson(File.ReadAllText(file));
                Assert.Equal(sim.Process.User, session.UserName);
                Assert.Equal(string.Empty, session.Organization);
                Assert.Equal(sim.Process.CaFile, session.Options.CaFile);
                Assert.Equal(200, (await session.GetAsync("/Organization")).StatusCode);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Theory]
        [InlineData("vbo_url")]
        [InlineData("access_token")]
        [InlineData("api_version")]
        public async Task AnIncompleteDocumentNamesWhatIsMissingButNoValue(string member)
        {
            string exported = await sim.ExportedSessionAsync();
            string broken = SessionDocuments.Without(exported, member);
            var e = Assert.Throws<FormatException>(() => VboSession.ImportSecretJson(broken));
            Assert.Contains(member, e.Message);
            var document = (Dictionary<string, object?>)VboJson.Parse(exported)!;
            Assert.DoesNotContain((string)document["refresh_token"]!, e.Message);
        }

        [Fact]
        public void NotJsonIsAFormatErrorWithoutTheText()
        {
            var e = Assert.Throws<FormatException>(() => VboSession.ImportSecretJson("{\"access_token\":\"secret-abc\",}"));
            Assert.DoesNotContain("secret", e.Message);
            Assert.Contains("line 1", e.Message);
        }

        private static (int Exit, string Output, string Errors) Run(string program, string arguments)
        {
            var info = new ProcessStartInfo(program, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process process = Process.Start(info)!;
            Task<string> errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, errors.Result);
        }
    }
}
