using System;
using System.Runtime.InteropServices;
using System.Text;
using VboMfaAuth.Json;
using VboMfaAuth.Native;
using Xunit;

namespace VboMfaAuth.Tests.Json
{
    /// <summary>The reader's mode for token documents: tokens go to unmanaged buffers, never to .NET strings.</summary>
    public sealed class SecretReaderTests
    {
        [Fact]
        public void TokenMembersBecomeSecretBuffersAndLeaveTheMembers()
        {
            string json = "{\"access_token\" : \"abc\\u00e9\\/\\ud83d\\ude00\",\"expires_in\":3600,\"refresh_token\":\"r1\",\"userName\":\"a@b\"}";
            using TopLevelObject document = SecretDocument.FromString(json);
            Assert.False(document.Members.ContainsKey("access_token"));
            Assert.False(document.Members.ContainsKey("refresh_token"));
            Assert.Equal(3600L, document.Members["expires_in"]);
            Assert.Equal("a@b", document.Members["userName"]);
            using SecretBuffer access = document.TakeSecret("access_token")!;
            Assert.Equal("abcé/😀", access.Reveal());
            Assert.Equal(Encoding.UTF8.GetByteCount("abcé/😀"), access.Length);
            Assert.Null(document.TakeSecret("access_token"));
            Assert.Equal("r1", document.Secrets["refresh_token"].Reveal());
        }

        [Fact]
        public unsafe void ADocumentFromNativeMemoryIsReadTheSameWay()
        {
            byte[] utf8 = Encoding.UTF8.GetBytes("{\"access_token\":\"tök\",\"api_version\":\"v8\"}\0");
            IntPtr memory = Marshal.AllocHGlobal(utf8.Length);
            try
            {
                Marshal.Copy(utf8, 0, memory, utf8.Length);
                using TopLevelObject document = SecretDocument.FromNative(memory);
                Assert.Equal("tök", document.Secrets["access_token"].Reveal());
                Assert.Equal("v8", document.Members["api_version"]);
            }
            finally
            {
                Marshal.FreeHGlobal(memory);
            }
        }

        [Fact]
        public void ANonStringTokenMemberStaysAPlainMember()
        {
            using TopLevelObject document = SecretDocument.FromString("{\"access_token\":null}");
            Assert.Empty(document.Secrets);
            Assert.Null(document.Members["access_token"]);
        }

        [Fact]
        public void RawMembersKeepTheirExactText()
        {
            using TopLevelObject document = SecretDocument.WithRawMembers("{\"http_status\":200, \"body\" :  {\"n\":1.50,\"x\":[1e2]} }", new[] { "body" });
            Assert.Equal("{\"n\":1.50,\"x\":[1e2]}", document.Raw["body"]);
            Assert.Equal(200L, document.Members["http_status"]);
            Assert.False(document.Members.ContainsKey("body"));
        }

        [Fact]
        public void AnInvalidTokenDocumentReleasesWhatItAlreadyRead()
        {
            long before = NativeLedger.LiveSecrets;
            var e = Assert.Throws<FormatException>(() => SecretDocument.FromString("{\"access_token\":\"s3cr3t\",\"refresh_token\":\"r3fr3sh\",}"));
            Assert.DoesNotContain("s3cr3t", e.Message);
            Assert.DoesNotContain("r3fr3sh", e.Message);
            Assert.True(NativeLedger.LiveSecrets <= before);
        }

        [Fact]
        public void ATokenDocumentMustBeAnObject()
        {
            Assert.Throws<FormatException>(() => SecretDocument.FromString("[\"access_token\"]"));
        }

        [Fact]
        public void SecretBuffersCompareWithoutRevealing()
        {
            using SecretBuffer a = SecretBuffer.FromString("same");
            using SecretBuffer b = SecretBuffer.FromString("same");
            using SecretBuffer c = SecretBuffer.FromString("diff");
            Assert.True(a.SameAs(b));
            Assert.False(a.SameAs(c));
            Assert.DoesNotContain("same", a.ToString());
        }
    }
}
