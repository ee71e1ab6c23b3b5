using System;

namespace VboMfaAuth
{
    /// <summary>
    /// The small JSON reader and writer this assembly uses for the native library's documents,
    /// public so callers (and the PowerShell module) can read response bodies without taking a
    /// dependency on System.Text.Json.
    /// </summary>
    public static class VboJson
    {
        /// <summary>
        /// Parses one JSON document (RFC 8259, strict). Values: null, <see cref="bool"/>,
        /// <see cref="long"/> (integers that fit) or <see cref="double"/>, <see cref="string"/>,
        /// <c>List&lt;object&gt;</c>, <c>Dictionary&lt;string, object&gt;</c> (ordinal keys,
        /// enumerated in document order).
        /// </summary>
        /// <exception cref="FormatException">Not valid JSON: duplicate member names, a lone
        /// surrogate, a number beyond double, more than 128 levels of nesting are refused too.
        /// The message gives the position, never the text.</exception>
        public static object? Parse(string json)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            return Json.JsonReader.Parse(json.ToCharArray(), json.Length);
        }

        /// <summary>
        /// Writes <paramref name="value"/> as compact JSON: null, bool, numbers, strings,
        /// string-keyed dictionaries and any other enumerable as an array. Doubles keep a
        /// fraction or exponent, so they read back as doubles.
        /// </summary>
        /// <exception cref="ArgumentException">A value with no JSON form (NaN, a lone
        /// surrogate, a non-string key, an unknown type).</exception>
        public static string Serialize(object? value) => Json.JsonWriter.Write(value);
    }
}
