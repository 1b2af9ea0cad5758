using System.Runtime;
using System.Runtime.InteropServices;

namespace AckPoller.Core.Memory;

/// <summary>Gives memory the process has finished with back to the system, and reads the resident set size.
/// Why: a worker that mostly waits keeps what it freed. The GC collects the oldest generation and the large-object heap
/// only when their budgets run out, which an idle worker's trickle of allocations takes hours to do, so the garbage of
/// start-up (configuration binding, migrations, the first TLS handshakes and polls) and of a large fetch batch stays
/// committed; and glibc keeps freed native memory (OpenSSL's handshake and record buffers, SQLite's, the runtime's) in
/// its per-thread arenas instead of returning it. Measured on `ackpoller run` with 20 IDLE accounts: malloc_trim alone
/// returned 5.5–5.8 MB of an anonymous 29–38 MB (README, Budgets).</summary>
internal static class ProcessMemory
{
    private const int MadvPageOut = 21; // MADV_PAGEOUT, Linux 5.4 and later; older kernels refuse it with EINVAL
    private static int _noNativeTrim;
    private static int _noPageOut;

    /// <summary>One blocking, compacting collection of every generation and of the large-object heap in the GC's
    /// aggressive mode, which also decommits the memory it freed at once (a forced collection leaves freed regions
    /// committed until later collections give them back a step at a time), then <see cref="TrimNative"/>. Costs tens of
    /// milliseconds: call it after start-up and after a large batch, never per message.</summary>
    public static void Release()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        TrimNative();
    }

    /// <summary>glibc's malloc_trim(0): the free pages of every malloc arena go back to the system. False where there is
    /// no glibc (Windows, macOS, musl-based Linux), where nothing is done.</summary>
    public static bool TrimNative()
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref _noNativeTrim) != 0)
        {
            return false;
        }

        try
        {
            _ = MallocTrim(0);
            return true;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            Volatile.Write(ref _noNativeTrim, 1);
            return false;
        }
    }

    /// <summary>Asks the kernel to drop this process's resident pages of its read-only file mappings (Linux
    /// madvise(MADV_PAGEOUT) over every non-writable mapping of a file in /proc/self/maps): the code and metadata of
    /// the runtime, the assemblies and the native libraries that start-up touched once (configuration binding,
    /// migrations, host and scheduler construction, the first TLS handshakes) and the steady state never touches again.
    /// Why: those pages are clean copies of files, yet they stay resident until the whole system runs short of memory,
    /// and they were most of an idle worker's resident set: with 20 IDLE accounts, 79 of 113 MB were file-backed, 22 MB
    /// of it the runtime's second, flat mapping of every ReadyToRun assembly (dotnet/runtime#112901). Measured on such
    /// a worker: 111 MB resident → 58 MB at once → 76–78 MB a minute later, when the pages the steady state does use
    /// had come back (README, Budgets).
    /// Safe by construction: MADV_PAGEOUT never discards data (a clean file page is read back from the page cache, or
    /// the file, on its next use: a minor fault); pages other processes map too are left alone by the kernel; writable
    /// mappings and the runtime's double-mapped memory (memfd) are skipped, so nothing anonymous is touched. Returns
    /// the bytes of the mappings advised, 0 where this is not Linux or the kernel has no MADV_PAGEOUT.</summary>
    public static long PageOutFileMappings() => PageOutFileMappings("/proc/self/maps", static path => true);

    /// <summary><see cref="PageOutFileMappings()"/> over the mappings of <paramref name="maps"/> whose file
    /// <paramref name="include"/> accepts (tests: one file).</summary>
    internal static long PageOutFileMappings(string maps, Func<string, bool> include)
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref _noPageOut) != 0)
        {
            return 0;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(maps);
        }
        catch (IOException)
        {
            return 0;
        }

        long advised = 0;
        foreach (var line in lines)
        {
            if (!TryParseFileMapping(line, out var start, out var length, out var path) || !include(path))
            {
                continue;
            }

            try
            {
                // A refusal changes nothing and needs nothing: EINVAL from a kernel older than 5.4 (or a mapping the
                // kernel cannot page out), ENOMEM for a mapping gone since /proc/self/maps was read.
                if (MAdvise((nint)start, (nuint)length, MadvPageOut) == 0)
                {
                    advised += (long)length;
                }
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                Volatile.Write(ref _noPageOut, 1);
                return 0;
            }
        }

        return advised;
    }

    /// <summary>One /proc/PID/maps line ("start-end perms offset dev inode path"): true for a mapping of a file that is
    /// not writable and not the runtime's memfd double mapping.</summary>
    internal static bool TryParseFileMapping(string line, out ulong start, out ulong length, out string path)
    {
        start = length = 0;
        path = string.Empty;
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 6 || fields[1].Length < 4 || fields[1][1] == 'w')
        {
            return false;
        }

        path = fields[5].Trim();
        var range = fields[0].Split('-');
        if (!path.StartsWith('/') || path.StartsWith("/memfd:", StringComparison.Ordinal) || path.EndsWith(" (deleted)", StringComparison.Ordinal)
            || range.Length != 2
            || !ulong.TryParse(range[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out start)
            || !ulong.TryParse(range[1], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var end)
            || end <= start)
        {
            return false;
        }

        length = end - start;
        return true;
    }

    /// <summary>The resident set size in bytes (Linux: VmRSS from /proc/self/status; elsewhere the working set).</summary>
    public static long ResidentBytes()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal)
                        && long.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), out var kilobytes))
                    {
                        return kilobytes * 1024;
                    }
                }
            }
            catch (IOException)
            {
            }
        }

        return Environment.WorkingSet;
    }

    [DllImport("libc", EntryPoint = "madvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // as below
    private static extern int MAdvise(nint address, nuint length, int advice);
#pragma warning restore SYSLIB1054

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for the whole assembly
    private static extern int MallocTrim(nuint pad);
#pragma warning restore SYSLIB1054
}
