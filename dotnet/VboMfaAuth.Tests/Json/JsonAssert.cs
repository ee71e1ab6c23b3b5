using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace VboMfaAuth.Tests.Json
{
    /// <summary>Deep comparison of VboJson values, and System.Text.Json's reading of the same text as a reference.</summary>
    public static class JsonAssert
    {
        /// <summary>A canonical text of a VboJson value, with types: equal texts = equal values.</summary>
        public static string Describe(object? value) => value switch
        {
            null => "null",
            bool b => b ? "true" : "false",
            long n => "long:" + n.ToString(CultureInfo.InvariantCulture),
            double d => "double:" + d.ToString("R", CultureInfo.InvariantCulture),
            string s => "string:" + string.Concat(s.Select(c => c < 0x20 || c > 0x7e ? "\\u" + ((int)c).ToString("x4") : c.ToString())),
            List<object?> items => "[" + string.Join(",", items.Select(Describe)) + "]",
            Dictionary<string, object?> members => "{" + string.Join(",", members.Select(kv => Describe(kv.Key) + ":" + Describe(kv.Value))) + "}",
            _ => throw new ArgumentException("Not a VboJson value: " + value.GetType()),
        };

        /// <summary>
        /// System.Text.Json's verdict on the same text, as a VboJson value (same number rules:
        /// integers that fit a long are longs), or null when it refuses the text or a value in
        /// it (invalid UTF-16, a number beyond double, duplicate member names).
        /// </summary>
        public static string? Reference(string text)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 128 });
                return Describe(Convert(document.RootElement));
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is ArgumentException || e is FormatException)
            {
                return null;
            }
        }

        private static object? Convert(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Null: return null;
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.String: return element.GetString();
                case JsonValueKind.Number:
                    string raw = element.GetRawText();
                    bool integer = raw.IndexOfAny(new[] { '.', 'e', 'E' }) < 0;
                    if (integer && element.TryGetInt64(out long n)) return n;
                    if (element.TryGetDouble(out double d) && double.IsFinite(d)) return d;
                    throw new FormatException("number beyond double");
                case JsonValueKind.Array:
                    return element.EnumerateArray().Select(Convert).ToList();
                case JsonValueKind.Object:
                    var members = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (JsonProperty p in element.EnumerateObject())
                    {
                        if (members.ContainsKey(p.Name)) throw new FormatException("duplicate member");
                        members[p.Name] = Convert(p.Value);
                    }
                    return members;
                default:
                    throw new FormatException("unexpected kind");
            }
        }

        /// <summary>VboJson's verdict in the same form.</summary>
        public static string? Ours(string text)
        {
            try
            {
                return Describe(VboJson.Parse(text));
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
