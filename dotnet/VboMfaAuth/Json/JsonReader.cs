using System;
using System.Collections.Generic;
using System.Globalization;
using VboMfaAuth.Native;

namespace VboMfaAuth.Json
{
    /// <summary>
    /// A strict RFC 8259 reader (netstandard2.0 has no JSON reader, and System.Text.Json would
    /// drag System.Memory and friends into every host). Values: null, bool, long (integers
    /// that fit) or double, string, <see cref="List{T}"/>, <see cref="Dictionary{TKey,TValue}"/>
    /// with ordinal keys in document order. Refuses: duplicate member names, lone surrogates,
    /// control characters in strings, numbers beyond double, nesting deeper than
    /// <see cref="MaxDepth"/>, anything after the value. Error messages give the position and
    /// never the text (it may hold tokens).
    /// </summary>
    internal sealed class JsonReader
    {
        /// <summary>The deepest nesting accepted (the native library's own limit).</summary>
        internal const int MaxDepth = 128;

        private readonly char[] text;
        private readonly int end;
        private int pos;

        private JsonReader(char[] text, int length)
        {
            this.text = text;
            end = length;
        }

        /// <summary>Parses one complete document.</summary>
        internal static object? Parse(char[] text, int length)
        {
            var reader = new JsonReader(text, length);
            object? value = reader.ReadValue(0, secretOut: null);
            reader.ExpectEnd();
            return value;
        }

        /// <summary>
        /// Parses a document that must be an object. Members named in
        /// <paramref name="secretNames"/> whose value is a string go to
        /// <see cref="TopLevelObject.Secrets"/> as <see cref="SecretBuffer"/>s (never a .NET
        /// string); members named in <paramref name="rawNames"/> go to
        /// <see cref="TopLevelObject.Raw"/> as their exact JSON text. The caller should keep
        /// <paramref name="text"/> pinned and wipe it afterwards when it holds secrets.
        /// </summary>
        internal static TopLevelObject ParseTopLevel(char[] text, int length, ICollection<string> secretNames, ICollection<string> rawNames)
        {
            var reader = new JsonReader(text, length);
            var result = new TopLevelObject();
            try
            {
                reader.SkipWhitespace();
                reader.Expect('{', "'{' (a JSON object)");
                reader.ReadMembers((name, r) =>
                {
                    r.SkipWhitespace();
                    int start = r.pos;
                    if (secretNames.Contains(name) && r.Peek() == '"')
                    {
                        var secretOut = new SecretBuffer[1];
                        r.ReadValue(1, secretOut);
                        result.Secrets[name] = secretOut[0];
                        return Absent;
                    }
                    if (rawNames.Contains(name))
                    {
                        r.SkipValue(1);
                        result.Raw[name] = new string(r.text, start, r.pos - start);
                        return Absent;
                    }
                    return r.ReadValue(1, secretOut: null);
                }, result.Members);
                reader.ExpectEnd();
                return result;
            }
            catch
            {
                result.Dispose();
                throw;
            }
        }

        /// <summary>Marks a member that was taken elsewhere (secret or raw).</summary>
        private static readonly object Absent = new object();

        private object? ReadValue(int depth, SecretBuffer[]? secretOut)
        {
            SkipWhitespace();
            if (pos >= end) throw Error("a value");
            char c = text[pos];
            switch (c)
            {
                case '{':
                    pos++;
                    if (depth >= MaxDepth) throw Error("at most " + MaxDepth + " levels of nesting");
                    var members = new Dictionary<string, object?>(StringComparer.Ordinal);
                    ReadMembers((name, r) => r.ReadValue(depth + 1, null), members);
                    return members;
                case '[':
                    pos++;
                    if (depth >= MaxDepth) throw Error("at most " + MaxDepth + " levels of nesting");
                    return ReadElements(depth + 1);
                case '"':
                    return ReadString(secretOut);
                case 't':
                    ExpectWord("true");
                    return true;
                case 'f':
                    ExpectWord("false");
                    return false;
                case 'n':
                    ExpectWord("null");
                    return null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                    throw Error("a value");
            }
        }

        /// <summary>
        /// Walks over one value without building it, for a member handed on as its text (an
        /// API body): everything <see cref="ReadValue"/> checks is checked (strings with
        /// escapes and numbers with a fraction, an exponent or many digits are read to check
        /// them, the rest only looked at) but the uniqueness of member names, which whoever
        /// parses the text later checks (<see cref="VboJson.Parse"/>).
        /// </summary>
        private void SkipValue(int depth)
        {
            SkipWhitespace();
            if (pos >= end) throw Error("a value");
            char c = text[pos];
            switch (c)
            {
                case '{':
                case '[':
                    pos++;
                    if (depth >= MaxDepth) throw Error("at most " + MaxDepth + " levels of nesting");
                    char close = c == '{' ? '}' : ']';
                    SkipWhitespace();
                    if (Peek() == close)
                    {
                        pos++;
                        return;
                    }
                    while (true)
                    {
                        if (c == '{')
                        {
                            SkipWhitespace();
                            if (Peek() != '"') throw Error("a member name in double quotes");
                            CheckString();
                            SkipWhitespace();
                            Expect(':', "':'");
                        }
                        SkipValue(depth + 1);
                        SkipWhitespace();
                        if (Peek() == ',')
                        {
                            pos++;
                            continue;
                        }
                        Expect(close, c == '{' ? "',' or '}'" : "',' or ']'");
                        return;
                    }
                case '"':
                    CheckString();
                    return;
                case 't':
                    ExpectWord("true");
                    return;
                case 'f':
                    ExpectWord("false");
                    return;
                case 'n':
                    ExpectWord("null");
                    return;
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        int start = pos;
                        if (ScanNumber() && pos - start <= 15) return; // an integer a long holds
                        pos = start;
                        ReadNumber();
                        return;
                    }
                    throw Error("a value");
            }
        }

        // At '"': past the string, checked as ReadString checks it; built only when it has escapes.
        private void CheckString()
        {
            int start = pos + 1;
            bool escaped = SkipString(out bool surrogates);
            if (escaped)
            {
                pos = start - 1;
                ReadString(null);
                return;
            }
            if (surrogates) CheckSurrogates(text, start, pos - 1 - start, start);
        }

        // At '"': past the closing quote. Returns whether the string has escapes, and in
        // surrogates whether it holds UTF-16 surrogates as they are (to be checked for pairs).
        private bool SkipString(out bool surrogates)
        {
            int start = ++pos;
            bool escaped = false;
            surrogates = false;
            while (true)
            {
                if (pos >= end) throw ErrorAt(start - 1, "the string to end with '\"'");
                char c = text[pos];
                if (c == '"') break;
                if (c < 0x20) throw Error("no control character inside a string (escape it)");
                if (c == '\\')
                {
                    escaped = true;
                    pos++;
                    if (pos >= end) throw ErrorAt(start - 1, "the string to end with '\"'");
                }
                else if (c >= '\uD800' && c <= '\uDFFF')
                {
                    surrogates = true;
                }
                pos++;
            }
            pos++;
            return escaped;
        }

        // After '{': members until '}'. read(name, reader) returns the value to store, or Absent.
        private void ReadMembers(Func<string, JsonReader, object?> read, Dictionary<string, object?> into)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            SkipWhitespace();
            if (Peek() == '}')
            {
                pos++;
                return;
            }
            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"') throw Error("a member name in double quotes");
                int nameAt = pos;
                string name = (string)ReadString(null)!;
                if (!names.Add(name)) throw ErrorAt(nameAt, "member names to be unique (this one appears twice)");
                SkipWhitespace();
                Expect(':', "':'");
                object? value = read(name, this);
                if (!ReferenceEquals(value, Absent)) into[name] = value;
                SkipWhitespace();
                if (Peek() == ',')
                {
                    pos++;
                    continue;
                }
                Expect('}', "',' or '}'");
                return;
            }
        }

        // After '[': elements until ']'.
        private List<object?> ReadElements(int depth)
        {
            var items = new List<object?>();
            SkipWhitespace();
            if (Peek() == ']')
            {
                pos++;
                return items;
            }
            while (true)
            {
                items.Add(ReadValue(depth, null));
                SkipWhitespace();
                if (Peek() == ',')
                {
                    pos++;
                    continue;
                }
                Expect(']', "',' or ']'");
                return items;
            }
        }

        // At '"'. Returns the string, or with secretOut fills secretOut[0] and returns null.
        private unsafe object? ReadString(SecretBuffer[]? secretOut)
        {
            int start = pos + 1;
            bool escaped = SkipString(out bool surrogates);
            int rawEnd = pos - 1;
            int rawLength = rawEnd - start;
            if (!escaped)
            {
                if (surrogates) CheckSurrogates(text, start, rawLength, start);
                if (secretOut == null) return new string(text, start, rawLength);
                fixed (char* p = &text[0]) secretOut[0] = SecretBuffer.FromChars(p + start, rawLength);
                return null;
            }
            var scratch = new char[rawLength];
            fixed (char* s = scratch)
            {
                try
                {
                    int n = Unescape(start, rawEnd, scratch);
                    CheckSurrogates(scratch, 0, n, start);
                    if (secretOut == null) return new string(scratch, 0, n);
                    secretOut[0] = SecretBuffer.FromChars(s, n);
                    return null;
                }
                finally
                {
                    if (secretOut != null) Array.Clear(scratch, 0, scratch.Length);
                }
            }
        }

        private int Unescape(int from, int to, char[] into)
        {
            int n = 0;
            for (int i = from; i < to; i++)
            {
                char c = text[i];
                if (c != '\\')
                {
                    into[n++] = c;
                    continue;
                }
                char e = text[++i];
                switch (e)
                {
                    case '"': into[n++] = '"'; break;
                    case '\\': into[n++] = '\\'; break;
                    case '/': into[n++] = '/'; break;
                    case 'b': into[n++] = '\b'; break;
                    case 'f': into[n++] = '\f'; break;
                    case 'n': into[n++] = '\n'; break;
                    case 'r': into[n++] = '\r'; break;
                    case 't': into[n++] = '\t'; break;
                    case 'u':
                        if (i + 4 >= to) throw ErrorAt(i - 1, "four hex digits after \\u");
                        int code = 0;
                        for (int k = 1; k <= 4; k++)
                        {
                            int digit = HexValue(text[i + k]);
                            if (digit < 0) throw ErrorAt(i - 1, "four hex digits after \\u");
                            code = (code << 4) | digit;
                        }
                        into[n++] = (char)code;
                        i += 4;
                        break;
                    default:
                        throw ErrorAt(i - 1, "a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                }
            }
            return n;
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        // Every high surrogate followed by a low one, and no low one alone.
        private void CheckSurrogates(char[] chars, int from, int count, int stringAt)
        {
            for (int i = from; i < from + count; i++)
            {
                char c = chars[i];
                if (char.IsHighSurrogate(c) && i + 1 < from + count && char.IsLowSurrogate(chars[i + 1]))
                {
                    i++;
                    continue;
                }
                if (char.IsSurrogate(c)) throw ErrorAt(stringAt - 1, "valid Unicode in the string (a surrogate stands alone)");
            }
        }

        private object ReadNumber()
        {
            int start = pos;
            bool integer = ScanNumber();
            string literal = new string(text, start, pos - start);
            if (integer && long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole))
                return whole;
            double value;
            try
            {
                value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                throw ErrorAt(start, "a number within the range of a double");
            }
            if (double.IsInfinity(value)) throw ErrorAt(start, "a number within the range of a double");
            return value;
        }

        // At a number: past it. Returns whether it is an integer (no fraction, no exponent).
        private bool ScanNumber()
        {
            if (Peek() == '-') pos++;
            if (Peek() == '0')
            {
                pos++;
            }
            else if (IsDigit(Peek()))
            {
                while (IsDigit(Peek())) pos++;
            }
            else
            {
                throw Error("a digit");
            }
            bool integer = true;
            if (Peek() == '.')
            {
                integer = false;
                pos++;
                if (!IsDigit(Peek())) throw Error("a digit after the decimal point");
                while (IsDigit(Peek())) pos++;
            }
            if (Peek() == 'e' || Peek() == 'E')
            {
                integer = false;
                pos++;
                if (Peek() == '+' || Peek() == '-') pos++;
                if (!IsDigit(Peek())) throw Error("a digit in the exponent");
                while (IsDigit(Peek())) pos++;
            }
            return integer;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private char Peek() => pos < end ? text[pos] : '\0';

        private void SkipWhitespace()
        {
            while (pos < end)
            {
                char c = text[pos];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                pos++;
            }
        }

        private void Expect(char c, string what)
        {
            if (Peek() != c) throw Error(what);
            pos++;
        }

        private void ExpectWord(string word)
        {
            if (end - pos < word.Length) throw Error("a value");
            for (int i = 0; i < word.Length; i++)
                if (text[pos + i] != word[i]) throw Error("a value");
            pos += word.Length;
        }

        private void ExpectEnd()
        {
            SkipWhitespace();
            if (pos != end) throw Error("nothing after the JSON value");
        }

        private FormatException Error(string expected) => ErrorAt(pos, expected);

        private FormatException ErrorAt(int at, string expected)
        {
            int line = 1, column = 1;
            for (int i = 0; i < at && i < end; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }
            // Letters and digits are not shown: they may belong to a token.
            string found = at >= end ? "the end of the text"
                : char.IsLetterOrDigit(text[at]) ? "a letter or digit"
                : text[at] < 0x20 ? string.Format(CultureInfo.InvariantCulture, "U+{0:X4}", (int)text[at])
                : "'" + text[at] + "'";
            return new FormatException(string.Format(CultureInfo.InvariantCulture,
                "Invalid JSON at line {0}, column {1} (offset {2}): expected {3}, found {4}.", line, column, at, expected, found));
        }
    }
}
