using System.Collections.Generic;
using VboMfaAuth.Json;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// A status and the document that came with it, copied out before the native string was
    /// freed. Only for documents without secrets: results, pending states, error objects.
    /// </summary>
    internal sealed class NativeResult
    {
        private Dictionary<string, object?>? members;

        internal NativeResult(int status, string? json)
        {
            Status = status;
            Json = json;
        }

        internal int Status { get; }

        internal string? Json { get; }

        internal bool IsOk => Status == (int)VboMfaStatus.Ok;

        internal Dictionary<string, object?> Members => members ??= JsonMembers.ParseObject(Json);

        /// <summary>The error this status stands for (every status but OK and PENDING).</summary>
        internal VboMfaException ToException() => VboMfaException.FromNative(Status, Json);
    }
}
