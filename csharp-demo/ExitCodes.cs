using VboMfaAuth;

namespace CsharpDemo
{
    /// <summary>Exit codes, the same as the vbomfa command-line tool's.</summary>
    internal static class ExitCodes
    {
        public const int Ok = 0;
        public const int Usage = 2;
        public const int Declined = 3;
        public const int Expired = 4;
        public const int Timeout = 5;
        public const int Network = 6;
        public const int Identity = 7;
        public const int VboRejected = 8;
        public const int Http = 9;
        public const int Internal = 70;
        public const int CannotWrite = 74;
        public const int Cancelled = 130;

        public static int For(VboMfaStatus status) => status switch
        {
            VboMfaStatus.InvalidArgument => Usage,
            VboMfaStatus.Declined => Declined,
            VboMfaStatus.Expired => Expired,
            VboMfaStatus.Timeout => Timeout,
            VboMfaStatus.Cancelled => Cancelled,
            VboMfaStatus.Network or VboMfaStatus.Tls => Network,
            VboMfaStatus.IdpError => Identity,
            VboMfaStatus.VboRejected => VboRejected,
            VboMfaStatus.HttpError or VboMfaStatus.Protocol => Http,
            _ => Internal,
        };
    }
}
