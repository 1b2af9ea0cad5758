using AckPoller.Core.Memory;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AckPoller.Hosting;

/// <summary>Gives back what `ackpoller run` no longer needs (issue 11's steady-memory budget; README, Budgets): once,
/// <see cref="SettleTime"/> after the host started (the IDLE listeners are connected and the first polls are done by
/// then), the garbage of start-up and the native memory it freed (<see cref="ProcessMemory.Release"/>), and the pages
/// of code and metadata that start-up alone touched (<see cref="ProcessMemory.PageOutFileMappings()"/>: the kernel
/// drops them, and the steady state faults back the few it uses), logged with the resident size before and after; then
/// every <see cref="TrimInterval"/> the native heap only (<see cref="ProcessMemory.TrimNative"/>, well under a
/// millisecond), since reconnects and TLS handshakes keep freeing native memory into glibc's arenas. No forced collection after start-up: the GC's own budgets handle the rest.</summary>
internal sealed class MemoryRelease : BackgroundService
{
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan TrimInterval = TimeSpan.FromMinutes(10);

    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<MemoryRelease> _logger;
    private readonly Action _release;
    private readonly Func<bool> _trim;
    private readonly Func<long> _resident;
    private readonly Func<long> _pageOut;

    public MemoryRelease(IHostApplicationLifetime lifetime, TimeProvider time, ILogger<MemoryRelease> logger)
        : this(lifetime, time, logger, ProcessMemory.Release, ProcessMemory.TrimNative, ProcessMemory.ResidentBytes, ProcessMemory.PageOutFileMappings)
    {
    }

    internal MemoryRelease(IHostApplicationLifetime lifetime, TimeProvider time, ILogger<MemoryRelease> logger,
        Action release, Func<bool> trim, Func<long> resident, Func<long> pageOut)
    {
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
        _release = release;
        _trim = trim;
        _resident = resident;
        _pageOut = pageOut;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await StartedAsync(stoppingToken);
            await Task.Delay(SettleTime, _time, stoppingToken);
            var before = _resident();
            _release();
            _pageOut();
            HostingLog.StartupMemoryReleased(_logger, before / (1024 * 1024), _resident() / (1024 * 1024));
            using var timer = new PeriodicTimer(TrimInterval, _time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _trim();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }
    }
}
