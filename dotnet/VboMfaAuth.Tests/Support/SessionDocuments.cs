using System.Collections.Generic;

namespace VboMfaAuth.Tests.Support
{
    /// <summary>Edits of an exported session document, to stage expiry and invalid tokens.</summary>
    public static class SessionDocuments
    {
        public static string With(string exported, string member, object? value)
        {
            var document = (Dictionary<string, object?>)VboJson.Parse(exported)!;
            document[member] = value;
            return VboJson.Serialize(document);
        }

        public static string Without(string exported, string member)
        {
            var document = (Dictionary<string, object?>)VboJson.Parse(exported)!;
            document.Remove(member);
            return VboJson.Serialize(document);
        }
    }
}
