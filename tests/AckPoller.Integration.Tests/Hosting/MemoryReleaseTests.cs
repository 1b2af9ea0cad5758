using System.Globalization;
using System.IO.MemoryMappedFiles;
using AckPoller.Core.Memory;
using AckPoller.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AckPoller.Integration.Tests.Hosting;

/// <summary>Issue 11, steady memory: `ackpoller run` gives start-up's memory back once it has settled, then trims the
/// native heap now and then; the clock is a <see cref="ManualTimeProvider"/>, so nothing here sleeps.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class MemoryReleaseTests
{
    [Fact]
    public async Task One_full_release_after_start_up_has_settled_then_a_native_trim_every_interval()
    {
        var time = new ManualTimeProvider();
        using var lifetime = new Lifetime();
        using var logs = new CapturingLoggerProvider();
        var logger = new Logger<MemoryRelease>(new LoggerFactory([logs]));
        var releases = 0;
        var trims = 0;
        var steps = new List<string>();
        var resident = 150L * 1024 * 1024;
        using var service = new MemoryRelease(lifetime, time, logger,
            () => { releases++; steps.Add("release"); resident = 120L * 1024 * 1024; }, () => { trims++; return true; }, () => resident,
            () => { steps.Add("page out"); resident = 80L * 1024 * 1024; return 1; });

        await service.StartAsync(CancellationToken.None);
        Assert.False(time.HasTimerDueIn(MemoryRelease.SettleTime)); // nothing before the host has started

        lifetime.Start();
        await time.WaitForTimerDueInAsync(MemoryRelease.SettleTime);
        time.Advance(MemoryRelease.SettleTime - TimeSpan.FromSeconds(1));
        Assert.Equal(0, releases);
        time.Advance(TimeSpan.FromSeconds(1));
        await time.WaitForTimerDueInAsync(MemoryRelease.TrimInterval);
        Assert.Equal((1, 0), (releases, trims));
        Assert.Equal(["release", "page out"], steps); // the heap first, so the page-out sees the settled process
        Assert.Contains(logs.Lines, l => l.EndsWith(": Start-up memory given back to the system (heap compacted, native heap trimmed, start-up code pages dropped): resident 150 MB before, 80 MB after", StringComparison.Ordinal));

        for (var expected = 1; expected <= 3; expected++)
        {
            time.Advance(MemoryRelease.TrimInterval);
            await WaitUntilAsync(() => Volatile.Read(ref trims) == expected);
        }

        Assert.Equal(1, releases);
        Assert.Equal(["release", "page out"], steps); // once: the steady state's pages are left where they are
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_stop_before_the_host_started_releases_nothing()
    {
        var time = new ManualTimeProvider();
        var releases = 0;
        using var lifetime = new Lifetime();
        using var service = new MemoryRelease(lifetime, time, NullLogger<MemoryRelease>.Instance, () => releases++, () => true, () => 0, () => releases++);
        await service.StartAsync(CancellationToken.None);
        await service.StopAsync(CancellationToken.None);
        Assert.Equal(0, releases);
        Assert.True(service.ExecuteTask!.IsCompleted && !service.ExecuteTask.IsFaulted, $"the service ended {service.ExecuteTask.Status}");
    }

    [Fact]
    public void The_real_release_runs_here_and_reads_the_resident_size()
    {
        var resident = ProcessMemory.ResidentBytes();
        Assert.InRange(resident, 1024 * 1024, 64L * 1024 * 1024 * 1024);
        var collections = GC.CollectionCount(GC.MaxGeneration);
        ProcessMemory.Release();
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > collections);
        Assert.Equal(OperatingSystem.IsLinux(), ProcessMemory.TrimNative()); // glibc on the Linux machines we run on
    }

    [Fact]
    public void Page_out_drops_the_resident_pages_of_a_read_only_file_mapping_and_they_read_back_unchanged()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(0, ProcessMemory.PageOutFileMappings());
            return;
        }

        // A file on the build's disk (not tmpfs, whose pages have nowhere to go without swap), mapped read-only and
        // read through once, as start-up reads an assembly.
        var path = Path.Combine(AppContext.BaseDirectory, $"pageout-{Guid.NewGuid():N}.bin");
        var content = new byte[8 * 1024 * 1024];
        Random.Shared.NextBytes(content);
        File.WriteAllBytes(path, content);
        try
        {
            using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            using var view = file.CreateViewAccessor(0, content.Length, MemoryMappedFileAccess.Read);
            long sum = 0;
            for (var offset = 0; offset < content.Length; offset += 4096)
            {
                sum += view.ReadByte(offset);
            }

            Assert.InRange(ResidentKilobytesOf(path), 7 * 1024, 9 * 1024);
            var advised = ProcessMemory.PageOutFileMappings("/proc/self/maps", mapped => mapped == path);
            Assert.InRange(advised, content.Length, content.Length + 4096);
            var after = ResidentKilobytesOf(path);
            Assert.True(after <= 1024, $"{after} KB of {path} still resident after the page-out (a file on tmpfs has nowhere to page out to without swap)");

            // Nothing is lost: the pages come back from the page cache on their next read.
            var back = new byte[content.Length];
            view.ReadArray(0, back, 0, back.Length);
            Assert.Equal(content, back);
            Assert.True(sum > 0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("7f2a1c000000-7f2a1c400000 r--s 00000000 fd:01 1234 /opt/ackpoller/System.Private.CoreLib.dll", true, 0x400000, "/opt/ackpoller/System.Private.CoreLib.dll")]
    [InlineData("7f2a1c000000-7f2a1c001000 r-xp 00001000 fd:01 99 /usr/lib/x86_64-linux-gnu/lib ssl with space.so", true, 0x1000, "/usr/lib/x86_64-linux-gnu/lib ssl with space.so")]
    [InlineData("7f2a1c000000-7f2a1c001000 rw-p 00001000 fd:01 99 /opt/ackpoller/ackpoller.dll", false, 0, "")]
    [InlineData("7f2a1c000000-7f2a1c001000 rw-s 00000000 00:01 5 /memfd:doublemapper (deleted)", false, 0, "")]
    [InlineData("7f2a1c000000-7f2a1c001000 r-xs 00000000 00:01 5 /memfd:doublemapper (deleted)", false, 0, "")]
    [InlineData("7f2a1c000000-7f2a1c001000 r--p 00000000 00:00 0 [vvar]", false, 0, "")]
    [InlineData("7f2a1c000000-7f2a1c001000 r--p 00000000 00:00 0 ", false, 0, "")]
    [InlineData("7f2a1c000000-7f2a1c001000 r--p 00000000 fd:01 7 /tmp/replaced.dll (deleted)", false, 0, "")]
    [InlineData("garbage", false, 0, "")]
    [InlineData("", false, 0, "")]
    public void Only_read_only_mappings_of_files_are_paged_out(string line, bool taken, ulong length, string path)
    {
        Assert.Equal(taken, ProcessMemory.TryParseFileMapping(line, out _, out var mappedLength, out var mappedPath));
        if (taken)
        {
            Assert.Equal((length, path), (mappedLength, mappedPath));
        }
    }

    private static long ResidentKilobytesOf(string path)
    {
        long kilobytes = 0;
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            if (char.IsAsciiHexDigit(line[0]) && line.Contains('-', StringComparison.Ordinal) && line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries) is { Length: >= 5 } fields && fields[0].Contains('-', StringComparison.Ordinal))
            {
                inside = fields.Length == 6 && fields[5].Trim() == path;
            }
            else if (inside && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                kilobytes += long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        return kilobytes;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true within 10 s");
            await Task.Delay(5);
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _started = new();

        public CancellationToken ApplicationStarted => _started.Token;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void Start() => _started.Cancel();

        public void StopApplication()
        {
        }

        public void Dispose() => _started.Dispose();
    }
}
