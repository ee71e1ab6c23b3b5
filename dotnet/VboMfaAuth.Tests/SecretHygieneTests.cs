using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using VboMfaAuth.Tests.Support;
using Xunit;

namespace VboMfaAuth.Tests
{
    /// <summary>No token in any exception, message, error object or ToString().</summary>
    public sealed class SecretHygieneTests : IClassFixture<ApprovingSim>
    {
        private readonly ApprovingSim sim;

        public SecretHygieneTests(ApprovingSim sim) => this.sim = sim;

        [Fact]
        public async Task NoTokenAppearsInAnyTextTheLibraryMakes()
        {
            var texts = new List<string>();
            VboMfaClient client = sim.Client();
            texts.Add(client.ToString());
            texts.Add(client.Options.ToString());
            using PendingSignIn pending = await client.StartDeviceLoginAsync();
            texts.Add(pending.ToString());
            texts.Add(pending.DeviceCode.ToString());
            VboSession session = await pending.WaitForTokenAsync();
            // Every token the session held at any point (refreshes rotate them).
            var secrets = new HashSet<string>();
            void Remember()
            {
                var document = (Dictionary<string, object?>)VboJson.Parse(session.ExportSecretJson())!;
                secrets.Add((string)document["access_token"]!);
                secrets.Add((string)document["refresh_token"]!);
            }
            Remember();
            texts.Add(session.ToString());
            texts.Add((await session.GetAsync("/Organization")).ToString());

            async Task Collect(Func<Task> action)
            {
                Exception e = await Assert.ThrowsAnyAsync<Exception>(action);
                texts.Add(e.ToString());
                texts.Add(e.Message);
                if (e is VboMfaException v)
                {
                    texts.Add(v.ErrorJson);
                    texts.Add(v.Hint ?? "");
                }
            }

            // Each fault as often as the call meets it (a 401 is retried once after a refresh).
            var faults = new (string Fault, int Times)[]
            {
                ("{\"kind\":\"status\",\"status\":401}", 2),
                ("{\"kind\":\"html\"}", 1),
                ("{\"kind\":\"status\",\"status\":500}", 1),
                ("{\"kind\":\"redirect\",\"location\":\"https://evil.example/\"}", 1),
            };
            foreach ((string fault, int times) in faults)
            {
                await sim.Control.InjectAsync("vbo_api", fault, times);
                await Collect(() => session.GetAsync("/Organization"));
                Remember();
            }
            await sim.Control.InjectAsync("vbo_token", "{\"kind\":\"status\",\"status\":400}");
            await Collect(() => session.RefreshAsync());
            Remember();
            string exported = session.ExportSecretJson();
            await session.LogoutAsync();
            texts.Add(session.ToString());
            await Collect(() => session.GetAsync("/Organization"));
            using (VboSession revoked = VboSession.ImportSecretJson(exported))
                await Collect(() => revoked.GetAsync("/Organization"));
            await Collect(() => Task.FromResult(VboSession.ImportSecretJson(exported.Replace("\"token_type\"", "\"token_type\" \"")))); // broken JSON

            Assert.True(texts.Count > 20);
            Assert.True(secrets.Count >= 4, "the 401 made the session refresh");
            foreach (string text in texts)
            {
                foreach (string secret in secrets)
                {
                    Assert.DoesNotContain(secret, text);
                    Assert.DoesNotContain(secret.Substring(secret.Length / 2), text);
                }
            }
        }
    }
}
