using System;
using System.Collections.Generic;

namespace CsharpDemo
{
    /// <summary>
    /// The command line: a command, then <c>--name value</c> switches (repeatable ones
    /// collect every value) and <c>--flag</c>s. Unknown switches are refused by name.
    /// </summary>
    internal sealed class Arguments
    {
        private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);
        private readonly HashSet<string> flags = new(StringComparer.Ordinal);

        private Arguments(string command) => Command = command;

        public string Command { get; }

        /// <summary>Parses; <paramref name="known"/> holds the switches that take a value, <paramref name="knownFlags"/> the rest.</summary>
        public static Arguments Parse(string[] args, ICollection<string> known, ICollection<string> knownFlags)
        {
            if (args.Length == 0) throw new UsageException("Give a command: demo, login or multi.");
            var parsed = new Arguments(args[0]);
            for (int i = 1; i < args.Length; i++)
            {
                string name = args[i];
                if (knownFlags.Contains(name))
                {
                    parsed.flags.Add(name);
                    continue;
                }
                if (!known.Contains(name)) throw new UsageException("Unknown switch '" + name + "' for " + args[0] + ".");
                if (i + 1 >= args.Length) throw new UsageException("The switch " + name + " needs a value.");
                if (!parsed.values.TryGetValue(name, out List<string>? list)) parsed.values[name] = list = new List<string>();
                list.Add(args[++i]);
            }
            return parsed;
        }

        public string? Value(string name) => values.TryGetValue(name, out List<string>? list) ? list[^1] : null;

        public string Required(string name) => Value(name) ?? throw new UsageException(Command + " needs " + name + ".");

        public IReadOnlyList<string> All(string name) => values.TryGetValue(name, out List<string>? list) ? list : Array.Empty<string>();

        public bool Flag(string name) => flags.Contains(name);

        public int Number(string name, int fallback, int min, int max)
        {
            string? text = Value(name);
            if (text == null) return fallback;
            if (!int.TryParse(text, out int n) || n < min || n > max)
                throw new UsageException(name + " must be a whole number from " + min + " to " + max + ", not '" + text + "'.");
            return n;
        }
    }

    /// <summary>A mistake on the command line (exit code 2).</summary>
    internal sealed class UsageException : Exception
    {
        public UsageException(string message)
            : base(message)
        {
        }
    }
}
