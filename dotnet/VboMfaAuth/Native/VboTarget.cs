namespace VboMfaAuth.Native
{
    /// <summary>The VBO server a session talks to, as native arguments.</summary>
    internal sealed class VboTarget
    {
        internal VboTarget(string server, string organization, VboMfaOptions options, string? apiVersion)
        {
            Url = Utf8.Required(server, "server URL");
            Organization = Utf8.Required(organization, "organization");
            Options = Utf8.Arg(options.ToJson(OptionsUse.Vbo, apiVersion), "options");
        }

        internal byte[] Url { get; }

        internal byte[] Organization { get; }

        internal byte[]? Options { get; }
    }
}
