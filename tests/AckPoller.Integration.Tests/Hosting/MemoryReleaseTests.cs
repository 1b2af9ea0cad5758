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
        var resident = 150L * 1024 * 1024;
        using var service = new MemoryRelease(lifetime, time, logger,
            () => { releases++; resident = 120L * 1024 * 1024; }, () => { trims++; return true; }, () => resident);

        await service.StartAsync(CancellationToken.None);
        Assert.False(time.HasTimerDueIn(MemoryRelease.SettleTime)); // nothing before the host has started

        lifetime.Start();
        await time.WaitForTimerDueInAsync(MemoryRelease.SettleTime);
        time.Advance(MemoryRelease.SettleTime - TimeSpan.FromSeconds(1));
        Assert.Equal(0, releases);
        time.Advance(TimeSpan.FromSeconds(1));
        await time.WaitForTimerDueInAsync(MemoryRelease.TrimInterval);
        Assert.Equal((1, 0), (releases, trims));
        Assert.Contains(logs.Lines, l => l.EndsWith(": Start-up memory given back to the system: resident 150 MB before, 120 MB after", StringComparison.Ordinal));

        for (var expected = 1; expected <= 3; expected++)
        {
            time.Advance(MemoryRelease.TrimInterval);
            await WaitUntilAsync(() => Volatile.Read(ref trims) == expected);
        }

        Assert.Equal(1, releases);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_stop_before_the_host_started_releases_nothing()
    {
        var time = new ManualTimeProvider();
        var releases = 0;
        using var lifetime = new Lifetime();
        using var service = new MemoryRelease(lifetime, time, NullLogger<MemoryRelease>.Instance, () => releases++, () => true, () => 0);
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
