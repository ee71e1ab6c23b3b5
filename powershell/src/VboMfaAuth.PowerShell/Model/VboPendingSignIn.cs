using System;
using System.Threading;
using System.Threading.Tasks;

namespace VboMfaAuth.PowerShell;

/// <summary>
/// A started device-code sign-in (Start-VboDeviceLogin) waiting for a person to enter its code;
/// Wait-VboDeviceLogin completes it. Holds no secret: the device code stays inside the library.
/// </summary>
public sealed class VboPendingSignIn : IDisposable
{
    private readonly object _gate = new object();
    private Task<VboSession>? _wait;

    internal VboPendingSignIn(PendingSignIn pending)
    {
        Pending = pending;
        Status = VboSignInStatus.Pending;
    }

    /// <summary>The organization being signed in.</summary>
    public string Organization => Pending.Client.Organization;

    /// <summary>The VBO REST API's base URL.</summary>
    public string Server => Pending.Client.Server;

    /// <summary>The code the person enters at <see cref="VerificationUri"/>.</summary>
    public string UserCode => Pending.DeviceCode.UserCode;

    /// <summary>The page where the code is entered.</summary>
    public string VerificationUri => Pending.DeviceCode.VerificationUri;

    /// <summary>Microsoft's instruction, ready to show to the person.</summary>
    public string Message => Pending.DeviceCode.Message;

    /// <summary>When the code expires (local time).</summary>
    public DateTime ExpiresOn => Pending.DeviceCode.ExpiresOn.LocalDateTime;

    /// <summary>Pending, SignedIn, Failed or Cancelled.</summary>
    public VboSignInStatus Status { get; internal set; }

    internal PendingSignIn Pending { get; }

    /// <summary>
    /// The one wait on this sign-in: started by the first caller, shared by later ones (a second
    /// Wait-VboDeviceLogin on the same object sees the same outcome).
    /// </summary>
    internal Task<VboSession> WaitOnce(CancellationToken cancel)
    {
        lock (_gate)
        {
            if (_wait == null)
            {
                _wait = Pending.WaitForTokenAsync(cancel);
            }
            return _wait;
        }
    }

    /// <summary>Cancels the sign-in (the library stops polling at once).</summary>
    public void Cancel()
    {
        Pending.Cancel();
        if (Status == VboSignInStatus.Pending)
        {
            Status = VboSignInStatus.Cancelled;
        }
    }

    public void Dispose() => Pending.Dispose();

    public override string ToString() => Organization + ": " + UserCode + " at " + VerificationUri;
}

/// <summary>Where a <see cref="VboPendingSignIn"/> stands.</summary>
public enum VboSignInStatus
{
    Pending,
    SignedIn,
    Failed,
    Cancelled,
}
