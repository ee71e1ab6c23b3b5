using System;
using System.Collections;
using System.Globalization;
using System.Text;

namespace VboMfaAuth.Json
{
    /// <summary>
    /// Writes compact JSON from the values <see cref="JsonReader"/> produces (and the usual
    /// .NET numbers, arrays, lists and string-keyed dictionaries). Non-ASCII text is written
    /// as is; control characters, quotes and backslashes are escaped.
    /// </summary>
    internal static class JsonWriter
    {
        internal static string Write(object? value)
        {
            var text = new StringBuilder();
            Write(text, value, 0);
            return text.ToString();
        }

        private static void Write(StringBuilder text, object? value, int depth)
        {
            if (depth > JsonReader.MaxDepth)
                throw new ArgumentException("The value is nested more than " + JsonReader.MaxDepth + " levels deep (or refers to itself).");
            switch (value)
            {
                case null:
                    text.Append("null");
                    break;
                case bool b:
                    text.Append(b ? "true" : "false");
                    break;
                case string s:
                    WriteString(text, s);
                    break;
                case char c:
                    WriteString(text, c.ToString());
                    break;
                case double d:
                    WriteDouble(text, d);
                    break;
                case float f:
                    WriteDouble(text, f);
                    break;
                case decimal m:
                    text.Append(m.ToString(CultureInfo.InvariantCulture));
                    break;
                case sbyte or byte or short or ushort or int or uint or long or ulong:
                    text.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                    break;
                case IDictionary map:
                    text.Append('{');
                    bool firstMember = true;
                    foreach (DictionaryEntry entry in map)
                    {
                        if (entry.Key is not string name)
                            throw new ArgumentException("JSON object keys must be strings, not " + entry.Key.GetType().Name + ".");
                        if (!firstMember) text.Append(',');
                        firstMember = false;
                        WriteString(text, name);
                        text.Append(':');
                        Write(text, entry.Value, depth + 1);
                    }
                    text.Append('}');
                    break;
                case IEnumerable items:
                    text.Append('[');
                    bool firstItem = true;
                    foreach (object? item in items)
                    {
                        if (!firstItem) text.Append(',');
                        firstItem = false;
                        Write(text, item, depth + 1);
                    }
                    text.Append(']');
                    break;
                default:
                    throw new ArgumentException("A " + value.GetType().FullName + " has no JSON form here (use null, bool, numbers, strings, lists and string-keyed dictionaries).");
            }
        }

        internal static void WriteString(StringBuilder text, string s)
        {
            text.Append('"');
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    case '\b': text.Append("\\b"); break;
                    case '\f': text.Append("\\f"); break;
                    default:
                        if (c < 0x20)
                        {
                            text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else if (char.IsSurrogate(c))
                        {
                            if (!char.IsHighSurrogate(c) || i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                                throw new ArgumentException("A string holds a lone surrogate (not valid Unicode), which has no JSON form.");
                            text.Append(c).Append(s[++i]);
                        }
                        else
                        {
                            text.Append(c);
                        }
                        break;
                }
            }
            text.Append('"');
        }

        private static void WriteDouble(StringBuilder text, double d)
        {
            if (double.IsNaN(d) || double.IsInfinity(d))
                throw new ArgumentException("NaN and infinities have no JSON form.");
            // "R" is not always exact on .NET Framework; G17 always is.
            string s = d.ToString("R", CultureInfo.InvariantCulture);
            if (double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) != d)
                s = d.ToString("G17", CultureInfo.InvariantCulture);
            text.Append(s);
            // Keep it a double when read back (1.0, not 1).
            if (s.IndexOfAny(new[] { '.', 'E', 'e' }) < 0) text.Append(".0");
        }
    }
}
