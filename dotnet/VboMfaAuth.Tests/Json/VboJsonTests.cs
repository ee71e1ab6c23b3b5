using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace VboMfaAuth.Tests.Json
{
    /// <summary>The JSON reader and writer, case by case.</summary>
    public sealed class VboJsonTests
    {
        [Theory]
        [InlineData("null", "null")]
        [InlineData(" true ", "true")]
        [InlineData("false", "false")]
        [InlineData("0", "long:0")]
        [InlineData("-0", "long:0")]
        [InlineData("42", "long:42")]
        [InlineData("-9223372036854775808", "long:-9223372036854775808")]
        [InlineData("9223372036854775807", "long:9223372036854775807")]
        [InlineData("9223372036854775808", "double:9.223372036854776E+18")]
        [InlineData("1.5", "double:1.5")]
        [InlineData("1.0", "double:1")]
        [InlineData("-2.5e-3", "double:-0.0025")]
        [InlineData("1E2", "double:100")]
        [InlineData("1e+2", "double:100")]
        [InlineData("1.7976931348623157e308", "double:1.7976931348623157E+308")]
        [InlineData("\"\"", "string:")]
        [InlineData("\"a\\\"b\\\\c\\/d\"", "string:a\"b\\c/d")]
        [InlineData("\"\\b\\f\\n\\r\\t\"", "string:\\u0008\\u000c\\u000a\\u000d\\u0009")]
        [InlineData("\"\\u00e9\\u00C9\"", "string:\\u00e9\\u00c9")]
        [InlineData("\"\\ud83d\\ude00\"", "string:\\ud83d\\ude00")]
        [InlineData("\"Zoë 😀 日本\"", "string:Zo\\u00eb \\ud83d\\ude00 \\u65e5\\u672c")]
        [InlineData("[]", "[]")]
        [InlineData("[ 1 , [ ] , { } ]", "[long:1,[],{}]")]
        [InlineData("{}", "{}")]
        [InlineData("{\"a\":1,\"b\":[true,null],\"c\":{\"d\":\"e\"}}", "{string:a:long:1,string:b:[true,null],string:c:{string:d:string:e}}")]
        [InlineData("\t\r\n {\"\":0}\n", "{string::long:0}")]
        public void ValidDocumentsReadAsExpected(string json, string expected)
        {
            Assert.Equal(expected, JsonAssert.Describe(VboJson.Parse(json)));
            Assert.Equal(expected, JsonAssert.Reference(json));
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("nul")]
        [InlineData("True")]
        [InlineData("NaN")]
        [InlineData("Infinity")]
        [InlineData("-Infinity")]
        [InlineData("01")]
        [InlineData("-")]
        [InlineData("+1")]
        [InlineData(".5")]
        [InlineData("1.")]
        [InlineData("1e")]
        [InlineData("1e+")]
        [InlineData("0x10")]
        [InlineData("1e400")]
        [InlineData("-1e400")]
        [InlineData("\"abc")]
        [InlineData("\"a\u0001b\"")]
        [InlineData("\"tab\there\"")]
        [InlineData("\"\\x\"")]
        [InlineData("\"\\u12\"")]
        [InlineData("\"\\u12g4\"")]
        [InlineData("\"\\ud800\"")]
        [InlineData("\"\\udc00\\ud800\"")]
        [InlineData("'single'")]
        [InlineData("[1,]")]
        [InlineData("[,1]")]
        [InlineData("[1 2]")]
        [InlineData("{\"a\":1,}")]
        [InlineData("{\"a\" 1}")]
        [InlineData("{a:1}")]
        [InlineData("{\"a\":}")]
        [InlineData("{1:1}")]
        [InlineData("[1]]")]
        [InlineData("{} {}")]
        [InlineData("[1] x")]
        [InlineData("/* c */ 1")]
        [InlineData("\u00a01")]
        [InlineData("\ufeff{}")]
        public void InvalidDocumentsAreFormatErrors(string json)
        {
            Assert.Throws<FormatException>(() => VboJson.Parse(json));
        }

        [Fact]
        public void ALoneSurrogateInTheTextIsRefused()
        {
            Assert.Throws<FormatException>(() => VboJson.Parse("\"\ud800\""));
            Assert.Throws<FormatException>(() => VboJson.Parse("\"a\udc00\""));
        }

        [Fact]
        public void DuplicateMemberNamesAreRefused()
        {
            var e = Assert.Throws<FormatException>(() => VboJson.Parse("{\"a\":1,\"b\":2,\"a\":3}"));
            Assert.Contains("column 14", e.Message);
            Assert.Contains("unique", e.Message);
            VboJson.Parse("{\"a\":{\"a\":1},\"b\":{\"a\":2}}");
        }

        [Fact]
        public void MembersKeepDocumentOrderAndOrdinalKeys()
        {
            var members = (Dictionary<string, object?>)VboJson.Parse("{\"z\":1,\"a\":2,\"Z\":3,\"m\":4}")!;
            Assert.Equal(new[] { "z", "a", "Z", "m" }, members.Keys);
            Assert.False(members.ContainsKey("M"));
        }

        [Fact]
        public void NestingIsLimitedTo128WithoutOverflowingTheStack()
        {
            Assert.IsType<List<object?>>(VboJson.Parse(new string('[', 128) + new string(']', 128)));
            var e = Assert.Throws<FormatException>(() => VboJson.Parse(new string('[', 129) + new string(']', 129)));
            Assert.Contains("128", e.Message);
            Assert.Throws<FormatException>(() => VboJson.Parse(new string('[', 1_000_000)));
            Assert.Throws<FormatException>(() => VboJson.Parse(string.Concat(Enumerable.Repeat("{\"a\":", 200_000))));
        }

        [Fact]
        public void ErrorsGivePositionsButNeverTheText()
        {
            var e = Assert.Throws<FormatException>(() => VboJson.Parse("{\n  \"access_token\": \"eyJSECRET\" x}"));
            Assert.Contains("line 2, column 31", e.Message);
            Assert.DoesNotContain("eyJ", e.Message);
            Assert.DoesNotContain("SECRET", e.Message);
            Assert.Contains("a letter or digit", e.Message);
            var e2 = Assert.Throws<FormatException>(() => VboJson.Parse("[1;2]"));
            Assert.Contains("';'", e2.Message);
            var e3 = Assert.Throws<FormatException>(() => VboJson.Parse("[1"));
            Assert.Contains("the end of the text", e3.Message);
        }

        [Fact]
        public void ALongDocumentReadsCompletely()
        {
            string json = "[" + string.Join(",", Enumerable.Range(0, 100_000).Select(i => "{\"i\":" + i + ",\"s\":\"x\\n" + i + "\"}")) + "]";
            var items = (List<object?>)VboJson.Parse(json)!;
            Assert.Equal(100_000, items.Count);
            Assert.Equal("x\n99999", ((Dictionary<string, object?>)items[99_999]!)["s"]);
        }

        [Fact]
        public void NullIsAnArgumentError()
        {
            Assert.Throws<ArgumentNullException>(() => VboJson.Parse(null!));
        }

        [Theory]
        [InlineData(null, "null")]
        [InlineData(true, "true")]
        [InlineData(42, "42")]
        [InlineData(42L, "42")]
        [InlineData(1.5, "1.5")]
        [InlineData(1.0, "1.0")]
        [InlineData(1e20, "1E+20")]
        [InlineData(0.1, "0.1")]
        [InlineData("a\"b\\c\u0001\n\u2028é😀", "\"a\\\"b\\\\c\\u0001\\n\u2028é😀\"")]
        public void ValuesSerializeCompactly(object? value, string expected)
        {
            Assert.Equal(expected, VboJson.Serialize(value));
        }

        [Fact]
        public void CollectionsSerialize()
        {
            var value = new Dictionary<string, object?> { ["b"] = new List<object?> { 1L, 2.5, "x", null, false }, ["a"] = new Dictionary<string, object?>() };
            Assert.Equal("{\"b\":[1,2.5,\"x\",null,false],\"a\":{}}", VboJson.Serialize(value));
            Assert.Equal("[1,2,3]", VboJson.Serialize(new[] { 1, 2, 3 }));
            Assert.Equal("[\"x\"]", VboJson.Serialize(new List<string> { "x" }));
            Assert.Equal("1.25", VboJson.Serialize(1.25m));
        }

        [Fact]
        public void ValuesWithoutJsonFormAreRefused()
        {
            Assert.Throws<ArgumentException>(() => VboJson.Serialize(double.NaN));
            Assert.Throws<ArgumentException>(() => VboJson.Serialize(double.PositiveInfinity));
            Assert.Throws<ArgumentException>(() => VboJson.Serialize("\ud800"));
            Assert.Throws<ArgumentException>(() => VboJson.Serialize(new Dictionary<int, object> { [1] = 2 }));
            Assert.Throws<ArgumentException>(() => VboJson.Serialize(new object()));
            var loop = new List<object?>();
            loop.Add(loop);
            Assert.Throws<ArgumentException>(() => VboJson.Serialize(loop));
        }

        [Fact]
        public void DoublesStayDoublesThroughARoundTrip()
        {
            foreach (double d in new[] { 0.0, -0.0, 1.0, 1e15, 1e16, 1e300, 5e-324, double.Epsilon, 0.1 + 0.2, Math.PI, -123456.789, double.MaxValue, double.MinValue })
            {
                object? back = VboJson.Parse(VboJson.Serialize(d));
                Assert.IsType<double>(back);
                Assert.Equal(d, (double)back!);
            }
        }
    }
}
