using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace VboMfaAuth.Native
{
    /// <summary>
    /// Owns one <c>VbomfaFlow *</c>. Passed to the native calls as a SafeHandle, so the
    /// marshaller holds a reference for the duration of each call: disposing while another
    /// thread polls or cancels defers <c>vbomfa_flow_free</c> until that call has returned
    /// (the library's rule: never free a flow while a call on it runs).
    /// </summary>
    internal sealed class FlowHandle : SafeHandle
    {
        /// <summary>Used by the marshaller for <c>out FlowHandle</c>.</summary>
        public FlowHandle()
            : base(IntPtr.Zero, ownsHandle: true)
        {
        }

        public override bool IsInvalid => handle == IntPtr.Zero;

        /// <summary>True once vbomfa_flow_free has run (IsClosed is true as soon as Dispose is called, even while a call still holds a reference).</summary>
        internal bool IsFreed => Volatile.Read(ref freed) == 1;

        private int freed;

        protected override bool ReleaseHandle()
        {
            NativeMethods.vbomfa_flow_free(handle);
            Volatile.Write(ref freed, 1);
            NativeLedger.FlowFreed();
            return true;
        }
    }
}
