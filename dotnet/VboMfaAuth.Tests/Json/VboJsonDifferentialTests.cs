using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Xunit;

namespace VboMfaAuth.Tests.Json
{
    /// <summary>
    /// VboJson against System.Text.Json on many generated documents and on mutations of them:
    /// the same verdict (accepted or refused) and the same values, and never an exception
    /// other than FormatException. Fixed seeds: a failure repeats.
    /// </summary>
    public sealed class VboJsonDifferentialTests
    {
        private const string Alphabet = "{}[]\":,\\ 0123456789.eE+-truefalsn\t\nabcuUdD\u00e9\u0001\ud83d\ude00";

        [Fact]
        public void GeneratedDocumentsReadLikeSystemTextJsonAndRoundTrip()
        {
            var random = new Random(20261127);
            for (int i = 0; i < 3000; i++)
            {
                object? value = RandomValue(random, 0);
                string json = VboJson.Serialize(value);
                Assert.Equal(JsonAssert.Describe(value), JsonAssert.Ours(json));
                Assert.Equal(JsonAssert.Reference(json), JsonAssert.Ours(json));
                string pretty = Reformat(json, random);
                Assert.Equal(JsonAssert.Describe(value), JsonAssert.Ours(pretty));
            }
        }

        [Fact]
        public void MutatedDocumentsGetTheSameVerdictAsSystemTextJson()
        {
            var random = new Random(8628);
            int refused = 0;
            for (int i = 0; i < 20000; i++)
            {
                string json = Mutate(VboJson.Serialize(RandomValue(random, 0)), random);
                string? reference = JsonAssert.Reference(json);
                string? ours;
                try
                {
                    ours = JsonAssert.Ours(json);
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException("VboJson threw " + e.GetType().Name + " (not FormatException) for: " + json);
                }
                if (ours == null) refused++;
                Assert.True(reference == ours, "verdicts differ for: " + json + "\n  System.Text.Json: " + (reference ?? "refused") + "\n  VboJson: " + (ours ?? "refused"));
            }
            // The mutations produce both kinds of text, so both verdicts are exercised.
            Assert.InRange(refused, 2000, 19000);
        }

        [Fact]
        public void ARawMemberIsWalkedOverToItsExactTextWithTheReadersVerdict()
        {
            // An API body is handed on as text without being built (SkipValue): what the full
            // reader accepts comes out character for character, and the walk refuses what the
            // reader refuses, duplicate member names apart (whoever parses the text checks those).
            var random = new Random(4443);
            int refused = 0;
            for (int i = 0; i < 20000; i++)
            {
                string json = Reformat(VboJson.Serialize(RandomValue(random, 0)), random);
                if (i % 2 == 1) json = Mutate(json, random);
                string? raw;
                try
                {
                    using var read = VboMfaAuth.Native.SecretDocument.WithRawMembers("{\"http_status\":200,\"body\":" + json + "}", new[] { "body" });
                    raw = read.Raw["body"];
                    Assert.Equal(200L, read.Members["http_status"]);
                }
                catch (FormatException)
                {
                    raw = null;
                    refused++;
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException("the walk threw " + e.GetType().Name + " (not FormatException) for: " + json);
                }
                string? readerRefusal = null;
                try
                {
                    VboJson.Parse(json);
                }
                catch (FormatException e)
                {
                    readerRefusal = e.Message;
                }
                if (readerRefusal == null) Assert.True(json.Trim(' ', '\t', '\r', '\n') == raw, "not kept exactly: " + json);
                else if (!readerRefusal.Contains("unique")) Assert.True(raw == null, "the walk accepted what the reader refuses (" + readerRefusal + "): " + json);
            }
            Assert.InRange(refused, 2000, 10000);

            // The one difference, on purpose.
            using (var read = VboMfaAuth.Native.SecretDocument.WithRawMembers("{\"body\":{\"a\":1,\"a\":2}}", new[] { "body" }))
                Assert.Equal("{\"a\":1,\"a\":2}", read.Raw["body"]);
            Assert.Contains("unique", Assert.Throws<FormatException>(() => VboJson.Parse("{\"a\":1,\"a\":2}")).Message);
        }

        private static object? RandomValue(Random random, int depth)
        {
            int kind = random.Next(depth > 4 ? 6 : 8);
            switch (kind)
            {
                case 0: return null;
                case 1: return random.Next(2) == 0;
                case 2: return (long)random.Next(int.MinValue, int.MaxValue) * (random.Next(3) == 0 ? 1_000_000_007L : 1);
                case 3: return Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 20)), random.Next(0, 6)) + (random.Next(2) == 0 ? 0.5 : 0.25);
                case 4:
                case 5: return RandomString(random);
                case 6: return Enumerable.Range(0, random.Next(5)).Select(_ => RandomValue(random, depth + 1)).ToList();
                default:
                    var members = new Dictionary<string, object?>(StringComparer.Ordinal);
                    int n = random.Next(5);
                    for (int k = 0; k < n; k++) members[RandomString(random)] = RandomValue(random, depth + 1);
                    return members;
            }
        }

        private static string RandomString(Random random)
        {
            var text = new StringBuilder();
            int n = random.Next(8);
            for (int k = 0; k < n; k++)
            {
                switch (random.Next(6))
                {
                    case 0: text.Append((char)random.Next(0, 0x20)); break;
                    case 1: text.Append("\"\\/"[random.Next(3)]); break;
                    case 2: text.Append((char)random.Next(0xa0, 0xd7ff)); break;
                    case 3: text.Append("😀"); break;
                    default: text.Append((char)random.Next('a', 'z' + 1)); break;
                }
            }
            return text.ToString();
        }

        // Whitespace between tokens and \u escapes inside strings, meaning unchanged.
        private static string Reformat(string json, Random random)
        {
            var text = new StringBuilder();
            bool inString = false;
            for (int i = 0; i < json.Length; i++)
            {
                char c = json[i];
                if (inString)
                {
                    if (c == '\\')
                    {
                        int length = json[i + 1] == 'u' ? 6 : 2;
                        text.Append(json, i, length);
                        i += length - 1;
                        continue;
                    }
                    if (c == '"') inString = false;
                    if (c != '"' && random.Next(4) == 0) text.Append("\\u").Append(((int)c).ToString(random.Next(2) == 0 ? "x4" : "X4"));
                    else text.Append(c);
                    continue;
                }
                if (c == '"') inString = true;
                if ("{}[],:".IndexOf(c) >= 0 && random.Next(2) == 0) text.Append(" \t\r\n"[random.Next(4)]);
                text.Append(c);
            }
            return text.ToString();
        }

        private static string Mutate(string json, Random random)
        {
            var text = new StringBuilder(json);
            int edits = 1 + random.Next(3);
            for (int k = 0; k < edits; k++)
            {
                int at = random.Next(text.Length + 1);
                char c = Alphabet[random.Next(Alphabet.Length)];
                switch (random.Next(3))
                {
                    case 0: text.Insert(at, c); break;
                    case 1: if (at < text.Length) text.Remove(at, 1); break;
                    default: if (at < text.Length) text[at] = c; break;
                }
            }
            return text.ToString();
        }
    }
}
