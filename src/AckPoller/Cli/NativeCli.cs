using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AckPoller.Cli;

/// <summary>The native command-line front-end: the same program compiled ahead of time (Native AOT) runs the read-only
/// commands itself and hands every other command to the full build next to it.
/// Why: `ackpoller acks` spent about 200 ms on a 2-core machine as a ReadyToRun build, 60–90 ms of it the runtime
/// starting before Main (type loading, ReadyToRun fix-ups, JIT of what was not precompiled). The native build starts
/// without any of that; the Debian package installs it as /usr/bin/ackpoller (README, Budgets: measured figures).
/// The full build keeps everything the native one cannot do without dynamic code (the worker, its scheduler, the web
/// host, MSAL's sign-in, reflection-based JSON), so only commands whose output a test compares between the two builds
/// (NativeCliTests, packaging/test.sh) run natively. The hand-off replaces this process (execv): same process id, arguments, standard
/// streams and environment, so exit codes, signals and systemd's notify socket behave as if the full build had been
/// started directly.</summary>
internal static class NativeCli
{
    /// <summary>The full build's executable, in the native front-end's folder.</summary>
    public const string FullBuildName = "ackpoller";

    /// <summary>The first arguments the native build runs itself. Each is compared with the full build's output.</summary>
    private static readonly string[] NativeCommands = ["acks", "alerts", "--version"];

    /// <summary>True in the natively compiled front-end: it has no JIT, so no dynamic code.</summary>
    public static bool IsNative => !RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>Whether the native front-end runs these arguments itself rather than handing them to the full build.</summary>
    public static bool RunsNatively(IReadOnlyList<string> args) => args.Count > 0 && NativeCommands.Contains(args[0], StringComparer.Ordinal);

    /// <summary>The path of the full build for a front-end in <paramref name="folder"/>.</summary>
    public static string FullBuildPath(string folder) => Path.Combine(folder, FullBuildName);

    /// <summary>Replaces this process with the full build, passing the arguments on unchanged. Returns only when that
    /// is impossible, with the exit code and after the message on <paramref name="error"/>.</summary>
    public static int HandOff(string[] args, TextWriter error)
    {
        var full = FullBuildPath(AppContext.BaseDirectory);
        if (!File.Exists(full))
        {
            error.WriteLine($"ackpoller: '{(args.Length > 0 ? args[0] : "")}' needs the full build, {full}, which is not installed next to this native front-end.");
            return ExitCodes.Failure;
        }

        // A native build installed under the full build's name would hand off to itself, for ever.
        var target = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        if (Environment.ProcessPath is { } self && string.Equals(Path.GetFullPath(target), Path.GetFullPath(self), StringComparison.Ordinal))
        {
            error.WriteLine($"ackpoller: '{(args.Length > 0 ? args[0] : "")}' needs the full build, but {full} is this native front-end itself; install the front-end as ackpoller-cli next to the full build.");
            return ExitCodes.Failure;
        }

        string?[] argv = [full, .. args, null];
        _ = Execv(full, argv); // returns only on failure (-1, errno set)
        error.WriteLine($"ackpoller: could not start {full}: {Marshal.GetLastPInvokeErrorMessage()}");
        return ExitCodes.Failure;
    }

    [DllImport("libc", EntryPoint = "execv", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for the whole app
    private static extern int Execv(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPUTF8Str)] string?[] argv);
#pragma warning restore SYSLIB1054
}
