using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace VboMfaAuth.Tests.Support
{
    /// <summary>A C type reduced to what matters for the ABI: the base type after typedefs, and how many pointers.</summary>
    public sealed record CType(string Base, int Pointers)
    {
        public override string ToString() => Base + new string('*', Pointers);
    }

    /// <summary>One exported function of the header.</summary>
    public sealed record CFunction(string Name, CType Returns, IReadOnlyList<CType> Parameters)
    {
        public override string ToString() => Returns + " " + Name + "(" + string.Join(", ", Parameters) + ")";
    }

    /// <summary>
    /// Reads the declarations of include/vbo_mfa_auth.h: the VBOMFA_* status constants, the
    /// typedefs and the function prototypes. Robust to the header's style: comments and
    /// preprocessor lines are dropped, typedefs are resolved (typedef int32_t vbomfa_status),
    /// and <c>const</c> is ignored (<c>const struct VbomfaFlow *</c> is the same pointer for
    /// the ABI; a top-level const on a value parameter changes nothing either).
    /// </summary>
    public sealed class CHeader
    {
        private CHeader(IReadOnlyDictionary<string, long> constants, IReadOnlyDictionary<string, CFunction> functions)
        {
            Constants = constants;
            Functions = functions;
        }

        public IReadOnlyDictionary<string, long> Constants { get; }

        public IReadOnlyDictionary<string, CFunction> Functions { get; }

        public static CHeader Parse(string text)
        {
            var constants = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (Match m in Regex.Matches(text, @"^\s*#\s*define\s+(VBOMFA_[A-Z0-9_]+)\s+\(?\s*(-?\d+)\s*\)?\s*$", RegexOptions.Multiline))
                constants[m.Groups[1].Value] = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);

            string code = Regex.Replace(text, @"/\*.*?\*/", " ", RegexOptions.Singleline);
            code = Regex.Replace(code, @"//[^\n]*", " ");
            code = Regex.Replace(code, @"^\s*#[^\n]*", " ", RegexOptions.Multiline);
            code = Regex.Replace(code, @"extern\s+""C""\s*\{", " ");
            code = code.Replace("}", " ");

            var typedefs = new Dictionary<string, CType>(StringComparer.Ordinal);
            var functions = new Dictionary<string, CFunction>(StringComparer.Ordinal);
            foreach (string raw in code.Split(';'))
            {
                string declaration = Regex.Replace(raw, @"\s+", " ").Trim();
                if (declaration.Length == 0) continue;
                if (declaration.StartsWith("typedef ", StringComparison.Ordinal))
                {
                    (CType type, string? name) = SplitDeclarator(declaration.Substring(8), typedefs);
                    if (name == null) throw new FormatException("A typedef without a name: " + declaration);
                    typedefs[name] = type;
                    continue;
                }
                Match f = Regex.Match(declaration, @"^(?<ret>.+?)\b(?<name>[A-Za-z_]\w*)\s*\((?<params>.*)\)$");
                if (!f.Success) throw new FormatException("Not a declaration this reader knows: " + declaration);
                CType returns = Resolve(f.Groups["ret"].Value, typedefs);
                var parameters = new List<CType>();
                string list = f.Groups["params"].Value.Trim();
                if (list.Length > 0 && list != "void")
                {
                    foreach (string p in list.Split(','))
                        parameters.Add(SplitDeclarator(p, typedefs).Type);
                }
                functions[f.Groups["name"].Value] = new CFunction(f.Groups["name"].Value, returns, parameters);
            }
            return new CHeader(constants, functions);
        }

        // "const char *tenant" -> (char*, "tenant"); "struct VbomfaFlow VbomfaFlow" -> (struct VbomfaFlow, "VbomfaFlow");
        // "const char *" -> (char*, null). The last word names the declarator when the words
        // before it still make a type.
        private static (CType Type, string? Name) SplitDeclarator(string text, IReadOnlyDictionary<string, CType> typedefs)
        {
            List<string> tokens = text.Replace("*", " * ").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)
                .Where(t => t != "const" && t != "volatile").ToList();
            string? name = null;
            List<string> typeWords = tokens.Take(tokens.Count - 1).Where(t => t != "*").ToList();
            bool restIsType = typeWords.Count >= (typeWords.FirstOrDefault() == "struct" ? 2 : 1);
            if (tokens.Count > 1 && Regex.IsMatch(tokens[^1], @"^[A-Za-z_]\w*$") && restIsType)
            {
                name = tokens[^1];
                tokens.RemoveAt(tokens.Count - 1);
            }
            return (Resolve(string.Join(" ", tokens), typedefs), name);
        }

        private static CType Resolve(string text, IReadOnlyDictionary<string, CType> typedefs)
        {
            List<string> tokens = text.Replace("*", " * ").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)
                .Where(t => t != "const" && t != "volatile").ToList();
            int pointers = tokens.Count(t => t == "*");
            string name = string.Join(" ", tokens.Where(t => t != "*"));
            if (typedefs.TryGetValue(name, out CType? alias)) return alias with { Pointers = alias.Pointers + pointers };
            return new CType(name, pointers);
        }
    }
}
