using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace VboMfaAuth.PowerShell.Infrastructure;

/// <summary>
/// The sessions of one runspace and which is the default. Per runspace, so that two
/// PowerShell instances in one process (jobs, hosts, tests) never share a default session.
/// </summary>
internal sealed class SessionRegistry
{
    private static readonly ConditionalWeakTable<Runspace, SessionRegistry> PerRunspace =
        new ConditionalWeakTable<Runspace, SessionRegistry>();

    private static readonly SessionRegistry Detached = new SessionRegistry();

    private readonly object _gate = new object();
    private readonly List<VboTenantSession> _sessions = new List<VboTenantSession>();

    /// <summary>The registry of the runspace running the current pipeline.</summary>
    internal static SessionRegistry Current
    {
        get
        {
            var runspace = Runspace.DefaultRunspace;
            return runspace == null ? Detached : PerRunspace.GetValue(runspace, _ => new SessionRegistry());
        }
    }

    internal VboTenantSession? Default
    {
        get
        {
            lock (_gate)
            {
                return _sessions.FirstOrDefault(s => s.IsDefault);
            }
        }
    }

    internal IReadOnlyList<VboTenantSession> All
    {
        get
        {
            lock (_gate)
            {
                return _sessions.ToArray();
            }
        }
    }

    /// <summary>Adds a session; it becomes the default when asked or when there is none yet.</summary>
    internal void Add(VboTenantSession session, bool makeDefault)
    {
        lock (_gate)
        {
            if (!_sessions.Contains(session))
            {
                _sessions.Add(session);
            }
            if (makeDefault || !_sessions.Any(s => s.IsDefault))
            {
                foreach (var other in _sessions)
                {
                    other.IsDefault = ReferenceEquals(other, session);
                }
            }
        }
    }

    /// <summary>Forgets a session; when it was the default there is none afterwards.</summary>
    internal void Remove(VboTenantSession session)
    {
        lock (_gate)
        {
            _sessions.Remove(session);
            session.IsDefault = false;
        }
    }
}
