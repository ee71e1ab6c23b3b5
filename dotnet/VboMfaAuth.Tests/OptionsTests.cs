using System;
using System.Collections.Generic;
using Xunit;

namespace VboMfaAuth.Tests
{
    /// <summary>VboMfaOptions map one to one to the library's options_json keys.</summary>
    public sealed class OptionsTests
    {
        private static VboMfaOptions Everything() => new VboMfaOptions
        {
            AuthorityHost = "https://login.example",
            Cloud = "usgov",
            ApiVersion = "v7",
            Timeout = TimeSpan.FromSeconds(12.5),
            ConnectTimeout = TimeSpan.FromMilliseconds(800),
            Proxy = "http://user:pw@proxy:3128",
            UserAgent = "tool/1.0",
            CaFile = "/etc/ca.pem",
            CaPem = "-----BEGIN CERTIFICATE-----\n...",
            PinSha256 = new List<string> { "ab" },
            Thumbprints = new List<string> { "cd", "ef" },
            SkipCertificateCheck = true,
        };

        [Fact]
        public void EveryOptionHasItsKeyAndEachHopGetsItsOwn()
        {
            Assert.Equal(
                "{\"authority_host\":\"https://login.example\",\"cloud\":\"usgov\",\"timeout_ms\":12500,\"connect_timeout_ms\":800," +
                "\"proxy\":\"http://user:pw@proxy:3128\",\"user_agent\":\"tool/1.0\",\"tls_ca_file\":\"/etc/ca.pem\",\"tls_ca_pem\":\"-----BEGIN CERTIFICATE-----\\n...\"}",
                Everything().ToJson(OptionsUse.DeviceFlow));
            Assert.Equal(
                "{\"api_version\":\"v7\",\"timeout_ms\":12500,\"connect_timeout_ms\":800," +
                "\"proxy\":\"http://user:pw@proxy:3128\",\"user_agent\":\"tool/1.0\",\"tls_ca_file\":\"/etc/ca.pem\",\"tls_ca_pem\":\"-----BEGIN CERTIFICATE-----\\n...\"," +
                "\"tls_pin_sha256\":[\"ab\"],\"tls_thumbprint\":[\"cd\",\"ef\"],\"tls_insecure_skip_verify\":true}",
                Everything().ToJson(OptionsUse.Vbo));
        }

        [Fact]
        public void TheTrustOptionsAreTheCertificateSettingsAlone()
        {
            Assert.Equal(new[] { "tls_ca_file", "tls_ca_pem", "tls_pin_sha256", "tls_thumbprint", "tls_insecure_skip_verify" },
                Everything().ToMembers(OptionsUse.Trust, null).Keys);
        }

        [Fact]
        public void DefaultsLeaveEveryKeyOut()
        {
            Assert.Null(new VboMfaOptions().ToJson(OptionsUse.Vbo));
            Assert.Equal("{\"api_version\":\"v6\"}", new VboMfaOptions().ToJson(OptionsUse.Vbo, "v6"));
        }

        [Fact]
        public void ACloneIsIndependent()
        {
            VboMfaOptions original = Everything();
            VboMfaOptions copy = original.Clone();
            copy.Thumbprints.Add("99");
            copy.Proxy = null;
            Assert.Equal(2, original.Thumbprints.Count);
            Assert.NotNull(original.Proxy);
            Assert.Equal(original.ToJson(OptionsUse.Trust), Everything().ToJson(OptionsUse.Trust));
        }

        [Fact]
        public void ToStringHidesTheProxy()
        {
            string text = Everything().ToString();
            Assert.DoesNotContain("pw@", text);
            Assert.Contains("(set, not shown)", text);
            Assert.Contains("tls_ca_file", text);
        }
    }
}
