using System;
using System.Collections.Generic;
using System.Globalization;

namespace VboMfaAuth.Json
{
    /// <summary>Typed reads of members of a parsed object; absent or of another type = null.</summary>
    internal static class JsonMembers
    {
        internal static string? Text(this IDictionary<string, object?> members, string name) =>
            members.TryGetValue(name, out object? value) ? value as string : null;

        internal static long? Whole(this IDictionary<string, object?> members, string name) =>
            members.TryGetValue(name, out object? value) && value is long n ? n : null;

        internal static DateTimeOffset? Time(this IDictionary<string, object?> members, string name)
        {
            string? text = members.Text(name);
            if (text == null) return null;
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time)
                ? time
                : null;
        }

        internal static IReadOnlyList<long> WholeList(this IDictionary<string, object?> members, string name)
        {
            var list = new List<long>();
            if (members.TryGetValue(name, out object? value) && value is List<object?> items)
            {
                foreach (object? item in items)
                {
                    if (item is long n) list.Add(n);
                }
            }
            return list;
        }

        /// <summary>Parses a document the library wrote that must be an object.</summary>
        internal static Dictionary<string, object?> ParseObject(string? json)
        {
            if (json == null) return new Dictionary<string, object?>(StringComparer.Ordinal);
            return JsonReader.Parse(json.ToCharArray(), json.Length) as Dictionary<string, object?>
                ?? throw new FormatException("Expected a JSON object from the native library.");
        }
    }
}
