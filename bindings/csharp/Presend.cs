// Presend.cs: a P/Invoke wrapper over libpresend's C ABI for .NET Framework 4.x hosts,
// such as a classic Outlook VSTO or COM add-in. Copy this file into your project.
//
// crates/presend-ffi/include/presend.h is the contract; this file follows it:
// - Text goes in as UTF-8 bytes plus a length. This file encodes it with
//   Encoding.UTF8, because .NET Framework marshals `string` as ANSI.
// - Every string presend returns is copied, then freed with presend_string_free.
//   It comes from Rust's allocator, so Marshal.FreeHGlobal or FreeCoTaskMem would
//   corrupt the heap.
// - A status other than PRESEND_OK becomes a PresendException that carries this
//   thread's last-error message.
// - The checker handle is a SafeHandle, so presend_checker_free runs exactly once,
//   even if the host forgets to call Dispose.
//
// It uses only mscorlib APIs that .NET Framework 4.0 already had. Mono has them too;
// it runs this file in bindings/csharp's `make check`.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Presend
{
    /// <summary>presend_status. Codes are never reused; a newer library may return codes not listed here.</summary>
    public enum PresendStatus
    {
        Ok = 0,
        NullArgument = 1,
        InvalidUtf8 = 2,
        InvalidPolicy = 3,
        InvalidDraft = 4,
        InvalidMessage = 5,
        InputTooLarge = 6,
        InternalError = 7,
        InvalidArgument = 8,
        InvalidContacts = 9,
        InvalidPatients = 10,
    }

    /// <summary>
    /// A presend call failed. The message is the status name and presend's explanation,
    /// e.g. "PRESEND_INVALID_POLICY: invalid policy at `rules.txtspeak`: ...".
    /// The explanation names a policy key or a draft path, and never quotes message content.
    /// </summary>
    public sealed class PresendException : Exception
    {
        internal PresendException(PresendStatus status, string statusName, string explanation)
            : base(statusName + ": " + explanation)
        {
            Status = status;
        }

        public PresendStatus Status { get; private set; }
    }

    /// <summary>
    /// A compiled practice policy. A checker never changes once it is made: make one at
    /// start-up and share it across threads, with no locking.
    /// </summary>
    public sealed class Checker : IDisposable
    {
        private readonly CheckerHandle handle;

        /// <param name="policyJson">
        /// The practice policy as JSON, or null for presend's embedded default policy.
        /// Any other text, even "", is parsed.
        /// </param>
        /// <exception cref="PresendException">
        /// <see cref="PresendStatus.InvalidPolicy"/> when a key or value is wrong. The message names
        /// the key, so whoever maintains the policy can find it.
        /// </exception>
        public Checker(string policyJson)
        {
            byte[] policy = policyJson == null ? null : Utf8(policyJson);
            PresendStatus status = NativeMethods.presend_checker_new(
                policy, TextLength(policy), out handle);
            if (status != PresendStatus.Ok)
            {
                throw Failure(status);
            }
        }

        /// <summary>The version of the loaded libpresend, e.g. "0.1.0".</summary>
        public static string LibraryVersion
        {
            get { return CopyUtf8(NativeMethods.presend_version()); }
        }

        /// <summary>
        /// Checks a JSON draft, which is what an Outlook add-in builds from a MailItem:
        /// {"from", "to", "cc", "bcc", "subject", "body": {"text", "html"}, "attachments"}.
        /// Returns the report as JSON: {"verdict": "block"|"warn"|"pass", "findings": [...]}.
        /// </summary>
        /// <param name="showPid">
        /// Show patient-identifiable data as written instead of masked. Use it only for a
        /// report shown to the sender and then discarded, never for one that is logged.
        /// </param>
        /// <exception cref="PresendException">
        /// <see cref="PresendStatus.InvalidDraft"/> names the member the draft builder got wrong.
        /// </exception>
        public string CheckJson(string draftJson, bool showPid = false)
        {
            if (draftJson == null)
            {
                throw new ArgumentNullException("draftJson");
            }
            byte[] draft = Utf8(draftJson);
            IntPtr report;
            PresendStatus status = NativeMethods.presend_checker_check_json_with_flags(
                handle, draft, TextLength(draft), Flags(showPid), out report);
            if (status != PresendStatus.Ok)
            {
                throw Failure(status);
            }
            return TakeString(report);
        }

        /// <summary>
        /// Checks an RFC 5322 message: the bytes of an .eml file, taken as they are
        /// because mail is often mislabelled. Returns the report as JSON, as
        /// <see cref="CheckJson"/> does.
        /// </summary>
        /// <exception cref="PresendException">
        /// <see cref="PresendStatus.InvalidMessage"/> when the bytes are not an email at all.
        /// </exception>
        public string CheckMime(byte[] message, bool showPid = false)
        {
            if (message == null)
            {
                throw new ArgumentNullException("message");
            }
            IntPtr report;
            PresendStatus status = NativeMethods.presend_checker_check_mime_with_flags(
                handle, message, new UIntPtr((uint)message.Length), Flags(showPid), out report);
            if (status != PresendStatus.Ok)
            {
                throw Failure(status);
            }
            return TakeString(report);
        }

        /// <summary>Frees the checker. Do this only once no thread is still checking with it.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

        private static uint Flags(bool showPid)
        {
            return showPid ? NativeMethods.PRESEND_SHOW_PID : 0u;
        }

        // The text as UTF-8, with a NUL after it that TextLength leaves out. The NUL keeps
        // the array from ever being empty. Marshallers differ on whether an empty array is
        // passed as NULL, and for the policy NULL means "use the default policy". With the
        // NUL, a policy of "" is always refused instead.
        private static byte[] Utf8(string text)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
            Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, 0);
            return bytes;
        }

        private static UIntPtr TextLength(byte[] utf8)
        {
            return new UIntPtr(utf8 == null ? 0u : (uint)utf8.Length - 1);
        }

        // Reads this thread's last error. presend keeps the message per thread, and a
        // P/Invoke call runs on the calling thread, so call this straight after the failed
        // call. presend_last_error itself leaves the message in place, so asking for the
        // length first and then for the text is safe.
        private static PresendException Failure(PresendStatus status)
        {
            int length = checked((int)NativeMethods.presend_last_error(null, UIntPtr.Zero).ToUInt64());
            var explanation = new byte[length + 1]; // with room for the NUL presend writes
            NativeMethods.presend_last_error(explanation, new UIntPtr((uint)explanation.Length));
            string statusName = CopyUtf8(NativeMethods.presend_status_name((int)status));
            return new PresendException(status, statusName, Encoding.UTF8.GetString(explanation, 0, length));
        }

        // Copies a string presend returned, then frees it, even if the copy fails.
        private static string TakeString(IntPtr utf8)
        {
            try
            {
                return CopyUtf8(utf8);
            }
            finally
            {
                NativeMethods.presend_string_free(utf8);
            }
        }

        // .NET Framework has no Marshal.PtrToStringUTF8, and PtrToStringAnsi would decode
        // with the Windows code page, so copy the bytes up to the NUL and decode them here.
        private static string CopyUtf8(IntPtr utf8)
        {
            int length = 0;
            while (Marshal.ReadByte(utf8, length) != 0)
            {
                length++;
            }
            var bytes = new byte[length];
            Marshal.Copy(utf8, bytes, 0, length);
            return Encoding.UTF8.GetString(bytes);
        }
    }

    /// <summary>
    /// Owns one presend_checker. While a P/Invoke call is using the handle, the runtime
    /// holds a reference to it, so a Dispose on another thread cannot free the checker in
    /// the middle of a check. presend_checker_new fails without writing its output, and
    /// the handle then stays zero (invalid), so nothing is freed.
    /// </summary>
    internal sealed class CheckerHandle : SafeHandle
    {
        // The marshaller calls this to make the `out CheckerHandle` of presend_checker_new.
        private CheckerHandle()
            : base(IntPtr.Zero, true)
        {
        }

        public override bool IsInvalid
        {
            get { return handle == IntPtr.Zero; }
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.presend_checker_free(handle);
            return true;
        }
    }

    /// <summary>The functions in presend.h that this wrapper uses, declared as written there.</summary>
    internal static class NativeMethods
    {
        // This name loads presend.dll on Windows. On Linux, Mono adds "lib" and ".so" and
        // finds libpresend.so through the usual dlopen search (LD_LIBRARY_PATH, for instance).
        private const string Library = "presend";

        internal const uint PRESEND_SHOW_PID = 1;

        // These rules apply to every declaration below:
        // - Cdecl is what Rust's extern "C" uses. On 32-bit Windows (32-bit Office) the
        //   DllImport default would be StdCall.
        // - size_t is UIntPtr, and char*/uint8_t* text is byte[] (UTF-8).
        // - Returned strings are IntPtr: the caller copies them and frees them with
        //   presend_string_free.
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern PresendStatus presend_checker_new(
            byte[] policyJson, UIntPtr policyLen, out CheckerHandle checkerOut);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void presend_checker_free(IntPtr checker);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern PresendStatus presend_checker_check_json_with_flags(
            CheckerHandle checker, byte[] draftJson, UIntPtr draftLen, uint flags, out IntPtr reportJsonOut);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern PresendStatus presend_checker_check_mime_with_flags(
            CheckerHandle checker, byte[] message, UIntPtr messageLen, uint flags, out IntPtr reportJsonOut);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void presend_string_free(IntPtr s);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern UIntPtr presend_last_error([Out] byte[] buf, UIntPtr bufLen);

        // Static strings: never free these.
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr presend_status_name(int status);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr presend_version();
    }
}
