using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Notify.Internal
{
    /// <summary>
    /// The C ABI of libgovuk_notify (include/govuk_notify.h), declared for P/Invoke. Strings go
    /// in as NUL-terminated UTF-8 byte arrays and come out as pointers that are copied and then
    /// freed with the library's own free functions; nothing here knows the Notify protocol.
    /// </summary>
    internal static class Native
    {
        internal const string Library = "govuk_notify";

        // govuk_notify_result codes this assembly treats specially.
        internal const uint Ok = 0;
        internal const uint TooLarge = 1005;
        internal const uint InvalidHandle = 1007;

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_client_new(byte[] apiKey, byte[] optionsJson, out IntPtr client, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void govuk_notify_client_free(IntPtr client);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void govuk_notify_string_free(IntPtr s);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void govuk_notify_bytes_free(IntPtr data, UIntPtr len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr govuk_notify_version();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr govuk_notify_result_name(uint result);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_send_sms(ClientHandle client, byte[] requestJson, out IntPtr json, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_send_email(ClientHandle client, byte[] requestJson, out IntPtr json, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_send_letter(ClientHandle client, byte[] requestJson, out IntPtr json, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_send_precompiled_letter(ClientHandle client, byte[] requestJson, out IntPtr json, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_get_notification(ClientHandle client, byte[] requestJson, out IntPtr json, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_list_notifications(ClientHandle client, byte[] requestJson, out IntPtr json, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_get_pdf_for_letter(ClientHandle client, byte[] requestJson, out IntPtr data, out UIntPtr len, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_get_template(ClientHandle client, byte[] requestJson, out IntPtr json, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_get_template_version(ClientHandle client, byte[] requestJson, out IntPtr json, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_list_templates(ClientHandle client, byte[] requestJson, out IntPtr json, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_preview_template(ClientHandle client, byte[] requestJson, out IntPtr json, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_list_received_texts(ClientHandle client, byte[] requestJson, out IntPtr json, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_prepare_upload(byte[] data, UIntPtr len, byte[] optionsJson, out IntPtr json, out IntPtr errorJson);

        /// <summary>govuk_notify_callback: called once, on a library I/O thread.</summary>
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate void Callback(IntPtr userData, uint result, IntPtr json, IntPtr data, UIntPtr len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_call_async(ClientHandle client, uint operation, byte[] requestJson, Callback callback, IntPtr userData, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_wait_for_status(ClientHandle client, byte[] notificationId, byte[] optionsJson, IntPtr cancel, out IntPtr json, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_wait_for_status_async(ClientHandle client, byte[] notificationId, byte[] optionsJson, IntPtr cancel, Callback callback, IntPtr userData, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint govuk_notify_cancel_token_new(out IntPtr cancel, out IntPtr errorJson);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void govuk_notify_cancel_token_cancel(IntPtr cancel);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void govuk_notify_cancel_token_free(IntPtr cancel);

        /// <summary>The number of each govuk_notify_operation (stable in the C ABI).</summary>
        internal enum Operation : uint
        {
            SendSms = 1,
            SendEmail = 2,
            SendLetter = 3,
            SendPrecompiledLetter = 4,
            GetNotification = 5,
            ListNotifications = 6,
            GetPdfForLetter = 7,
            GetTemplate = 8,
            GetTemplateVersion = 9,
            ListTemplates = 10,
            PreviewTemplate = 11,
            ListReceivedTexts = 12,
        }

        /// <summary>A C# string as NUL-terminated UTF-8; null stays null (C NULL).</summary>
        internal static byte[] Utf8(string s)
        {
            if (s == null)
            {
                return null;
            }
            var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
            Encoding.UTF8.GetBytes(s, 0, s.Length, bytes, 0);
            return bytes;
        }

        /// <summary>Copies a NUL-terminated UTF-8 string the library lent or gave.</summary>
        internal static string CopyString(IntPtr p)
        {
            if (p == IntPtr.Zero)
            {
                return null;
            }
            int len = 0;
            while (Marshal.ReadByte(p, len) != 0)
            {
                len++;
            }
            var bytes = new byte[len];
            Marshal.Copy(p, bytes, 0, len);
            return Encoding.UTF8.GetString(bytes);
        }

        /// <summary>Copies a string the caller owns, then frees it with the library.</summary>
        internal static string TakeString(IntPtr p)
        {
            if (p == IntPtr.Zero)
            {
                return null;
            }
            try
            {
                return CopyString(p);
            }
            finally
            {
                govuk_notify_string_free(p);
            }
        }

        internal static byte[] CopyBytes(IntPtr data, UIntPtr len)
        {
            var n = checked((int)len.ToUInt64());
            var bytes = new byte[n];
            if (n > 0)
            {
                Marshal.Copy(data, bytes, 0, n);
            }
            return bytes;
        }
    }

    /// <summary>
    /// Finds libgovuk_notify before the first call: <c>GOVUK_NOTIFY_LIB</c> (a file path) when
    /// set, otherwise the file next to this assembly, otherwise the system's search path. A
    /// missing library becomes a <see cref="DllNotFoundException"/> that names every path tried.
    /// </summary>
    internal static class NativeLoader
    {
        private static readonly object Gate = new object();
        private static volatile bool loaded;

        internal static string FileName
        {
            get
            {
                if (Path.DirectorySeparatorChar == '\\')
                {
                    return "govuk_notify.dll";
                }
                var mac = Path.Combine(AssemblyDirectory(), "libgovuk_notify.dylib");
                return File.Exists(mac) ? "libgovuk_notify.dylib" : "libgovuk_notify.so";
            }
        }

        private static string AssemblyDirectory()
        {
            var location = typeof(NativeLoader).Assembly.Location;
            var dir = string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location);
            return dir ?? ".";
        }

        /// <summary>The path that will be loaded: the environment variable, else next to the assembly.</summary>
        internal static string CandidatePath()
        {
            var fromEnv = Environment.GetEnvironmentVariable("GOVUK_NOTIFY_LIB");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return Path.GetFullPath(fromEnv);
            }
            return Path.Combine(AssemblyDirectory(), FileName);
        }

        internal static void EnsureLoaded()
        {
            if (loaded)
            {
                return;
            }
            lock (Gate)
            {
                if (loaded)
                {
                    return;
                }
                var path = CandidatePath();
                bool fromEnv = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GOVUK_NOTIFY_LIB"));
                if (File.Exists(path))
                {
                    Redirect(path);
                }
                else if (fromEnv)
                {
                    throw new DllNotFoundException(
                        "GOV.UK Notify: the native library was not found at " + path
                        + " (from GOVUK_NOTIFY_LIB). Build it with `cargo build -p govuk-notify-ffi` and point GOVUK_NOTIFY_LIB at the "
                        + FileName + " file.");
                }
                try
                {
                    Probe();
                }
                catch (DllNotFoundException e)
                {
                    throw new DllNotFoundException(
                        "GOV.UK Notify: the native library " + FileName + " could not be loaded; tried " + path
                        + " (next to Notify.Client.dll) and the system library path. Set GOVUK_NOTIFY_LIB to its full path, or copy it next to the assembly. ("
                        + e.Message + ")", e);
                }
                loaded = true;
            }
        }

        /// <summary>
        /// The first call into the library. A separate method, because Mono resolves a P/Invoke
        /// target when it compiles the calling method, which must happen after
        /// <see cref="Redirect"/>. For the same reason every caller of <see cref="EnsureLoaded"/>
        /// makes its own native calls in another method.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static string Probe()
        {
            return Marshal.PtrToStringAnsi(Native.govuk_notify_version());
        }

        /// <summary>Makes <c>[DllImport("govuk_notify")]</c> resolve to <paramref name="path"/>.</summary>
        private static void Redirect(string path)
        {
            // .NET Core 3+ and .NET 5+: NativeLibrary.SetDllImportResolver (looked up by
            // reflection, because netstandard2.0 does not declare it).
            var nativeLibrary = Type.GetType("System.Runtime.InteropServices.NativeLibrary");
            if (nativeLibrary != null)
            {
                var resolverType = Type.GetType("System.Runtime.InteropServices.DllImportResolver");
                var setResolver = nativeLibrary.GetMethod("SetDllImportResolver", new[] { typeof(Assembly), resolverType });
                var load = nativeLibrary.GetMethod("Load", new[] { typeof(string) });
                if (resolverType != null && setResolver != null && load != null)
                {
                    var target = new Resolver(path, load);
                    var del = Delegate.CreateDelegate(resolverType, target, typeof(Resolver).GetMethod("Resolve"));
                    try
                    {
                        setResolver.Invoke(null, new object[] { typeof(NativeLoader).Assembly, del });
                    }
                    catch (TargetInvocationException e) when (e.InnerException is InvalidOperationException)
                    {
                        // A resolver is already set (a second load attempt): keep it.
                    }
                    return;
                }
            }
            // Mono: a process-wide dllmap entry from the import name to the file.
            if (Type.GetType("Mono.Runtime") != null)
            {
                MonoDllMap.Insert(Native.Library, path);
            }
        }

        private sealed class Resolver
        {
            private readonly string path;
            private readonly MethodInfo load;

            public Resolver(string path, MethodInfo load)
            {
                this.path = path;
                this.load = load;
            }

            public IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
            {
                if (name != Native.Library)
                {
                    return IntPtr.Zero;
                }
                return (IntPtr)load.Invoke(null, new object[] { path });
            }
        }

        /// <summary>Mono's embedding API, present in every Mono process (never called elsewhere).</summary>
        private static class MonoDllMap
        {
            [DllImport("__Internal", CallingConvention = CallingConvention.Cdecl)]
            private static extern void mono_dllmap_insert(IntPtr assembly, byte[] dll, byte[] func, byte[] tdll, byte[] tfunc);

            internal static void Insert(string dll, string target)
            {
                mono_dllmap_insert(IntPtr.Zero, Native.Utf8(dll), null, Native.Utf8(target), null);
            }
        }
    }

    /// <summary>A client handle from govuk_notify_client_new, freed exactly once.</summary>
    internal sealed class ClientHandle : SafeHandle
    {
        public ClientHandle()
            : base(IntPtr.Zero, true)
        {
        }

        public override bool IsInvalid => handle == IntPtr.Zero;

        internal void Set(IntPtr value)
        {
            SetHandle(value);
        }

        protected override bool ReleaseHandle()
        {
            Native.govuk_notify_client_free(handle);
            return true;
        }
    }
}
