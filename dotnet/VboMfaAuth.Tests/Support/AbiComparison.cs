using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using VboMfaAuth.Native;

namespace VboMfaAuth.Tests.Support
{
    /// <summary>
    /// Compares the header with the DllImports of NativeMethods and the VboMfaStatus enum.
    /// Each C type has the C# types that marshal it correctly; anything else is drift.
    /// </summary>
    public static class AbiComparison
    {
        // C type -> the C# parameter types allowed for it (a trailing & is an out/ref parameter).
        private static readonly Dictionary<string, string[]> ParameterTypes = new()
        {
            ["int32_t"] = new[] { "Int32" },
            ["uint32_t"] = new[] { "UInt32" },
            ["char*"] = new[] { "Byte[]", "IntPtr", nameof(SecretBuffer) },
            ["char**"] = new[] { "IntPtr&" },
            ["struct VbomfaFlow*"] = new[] { nameof(FlowHandle), "IntPtr" },
            ["struct VbomfaFlow**"] = new[] { nameof(FlowHandle) + "&" },
        };

        private static readonly Dictionary<string, string> ReturnTypes = new()
        {
            ["int32_t"] = "Int32",
            ["void"] = "Void",
            ["char*"] = "IntPtr",
        };

        /// <summary>Every DllImport of NativeMethods, by entry point.</summary>
        public static IReadOnlyDictionary<string, MethodInfo> DllImports() =>
            typeof(NativeMethods).GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
                .Where(m => m.GetCustomAttribute<DllImportAttribute>() != null)
                .ToDictionary(m => m.GetCustomAttribute<DllImportAttribute>()!.EntryPoint ?? m.Name);

        /// <summary>The differences, one sentence each; empty when the two agree.</summary>
        public static IReadOnlyList<string> Differences(CHeader header)
        {
            var problems = new List<string>();
            IReadOnlyDictionary<string, MethodInfo> imports = DllImports();
            foreach (string name in header.Functions.Keys.Except(imports.Keys))
                problems.Add("NativeMethods has no DllImport for " + name + ".");
            foreach (string name in imports.Keys.Except(header.Functions.Keys))
                problems.Add("NativeMethods declares " + name + ", which the header does not export.");
            foreach (CFunction function in header.Functions.Values.Where(f => imports.ContainsKey(f.Name)))
                problems.AddRange(Compare(function, imports[function.Name]));
            problems.AddRange(CompareStatuses(header.Constants));
            return problems;
        }

        private static IEnumerable<string> Compare(CFunction c, MethodInfo method)
        {
            DllImportAttribute import = method.GetCustomAttribute<DllImportAttribute>()!;
            if (import.Value != NativeMethods.LibraryName) yield return c.Name + " imports from " + import.Value + ".";
            if (import.CallingConvention != CallingConvention.Cdecl) yield return c.Name + " is not Cdecl.";
            if (!import.ExactSpelling) yield return c.Name + " is not ExactSpelling.";
            if (method.Name != c.Name) yield return method.Name + " is not named like its export " + c.Name + ".";
            if (!ReturnTypes.TryGetValue(c.Returns.ToString(), out string? expectedReturn))
                yield return c.Name + " returns " + c.Returns + ", which has no C# mapping here.";
            else if (method.ReturnType.Name != expectedReturn)
                yield return c.Name + " returns " + c.Returns + " but the DllImport returns " + method.ReturnType.Name + ".";
            ParameterInfo[] parameters = method.GetParameters();
            if (parameters.Length != c.Parameters.Count)
            {
                yield return c.Name + " takes " + c.Parameters.Count + " parameters but the DllImport " + parameters.Length + ".";
                yield break;
            }
            for (int i = 0; i < parameters.Length; i++)
            {
                CType type = c.Parameters[i];
                string actual = parameters[i].ParameterType.Name;
                if (!ParameterTypes.TryGetValue(type.ToString(), out string[]? allowed))
                    yield return c.Name + " parameter " + (i + 1) + " is " + type + ", which has no C# mapping here.";
                else if (!allowed.Contains(actual))
                    yield return c.Name + " parameter " + (i + 1) + " is " + type + " but the DllImport has " + actual + " (allowed: " + string.Join(", ", allowed) + ").";
                else if (actual.EndsWith("&", StringComparison.Ordinal) && !parameters[i].IsOut)
                    yield return c.Name + " parameter " + (i + 1) + " must be an out parameter.";
            }
        }

        private static IEnumerable<string> CompareStatuses(IReadOnlyDictionary<string, long> constants)
        {
            var inEnum = Enum.GetValues(typeof(VboMfaStatus)).Cast<VboMfaStatus>().ToDictionary(s => s.ToString(), s => (long)(int)s);
            var inHeader = constants.ToDictionary(kv => PascalCase(kv.Key), kv => kv.Value);
            foreach (var kv in inHeader)
            {
                if (!inEnum.TryGetValue(kv.Key, out long value)) yield return "VboMfaStatus has no " + kv.Key + " (= " + kv.Value + ").";
                else if (value != kv.Value) yield return "VboMfaStatus." + kv.Key + " is " + value + " but the header says " + kv.Value + ".";
            }
            foreach (string name in inEnum.Keys.Except(inHeader.Keys))
                yield return "VboMfaStatus." + name + " is not in the header.";
        }

        // VBOMFA_INVALID_ARGUMENT -> InvalidArgument
        public static string PascalCase(string constant) =>
            string.Concat(constant.Substring("VBOMFA_".Length).Split('_')
                .Select(w => w.Substring(0, 1) + w.Substring(1).ToLowerInvariant()));
    }
}
