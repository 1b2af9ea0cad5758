using AckPoller.Core.Accounts;
using AckPoller.Core.Auth;
using AckPoller.Core.Configuration;
using AckPoller.Core.Outbox;
using AckPoller.Core.Storage;
using AckPoller.Core.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AckPoller.Telemetry;

/// <summary>Reads what the store-backed gauges report (auth state per account, outbox by state, the oldest due message)
/// into a snapshot: every <see cref="RefreshInterval"/> in the background and right before each scrape of /metrics, so a
/// scrape never waits on more than one read and a gauge is never older than the interval.</summary>
internal sealed class TelemetrySnapshotReader(
    AckPollerOptions options, AccountStatusService accounts, IOutboxStore outbox, TimeProvider time, ILogger<TelemetrySnapshotReader> logger)
    : BackgroundService, ITelemetrySnapshotSource
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    private static readonly string[] AuthStates = Enum.GetValues<AuthState>().Select(s => TelemetryValues.Of(s)).ToArray();
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private IDisposable? _registration;

    public TelemetrySnapshot? Current { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        AckPollerMetrics.EnsureRegistered();
        foreach (var account in options.Accounts)
        {
            TelemetryState.DeclareAccount(account.Name, account.Protocol == MailProtocol.Imap && account.Polling.Idle,
                account.Polling.Cron is null ? account.Polling.Interval : null);
        }

        _registration = TelemetryState.Register(this);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _registration?.Dispose();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _registration?.Dispose();
        _refreshing.Dispose();
        base.Dispose();
    }

    /// <summary>Reads the store now; a failure keeps the previous snapshot (logged at debug: /healthz reports the store).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var statuses = await accounts.GetAllAsync(cancellationToken);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var state in Enum.GetValues<OutboxState>())
            {
                counts[TelemetryValues.Of(state)] = await outbox.CountAsync(state, cancellationToken);
            }

            var due = await outbox.GetDueAsync(now, 1, cancellationToken);
            var oldest = due.Count == 0 ? 0 : Math.Max(0, (now - due[0].NextAttemptAt).TotalSeconds);
            Current = new TelemetrySnapshot(now,
                statuses.Select(s => new AccountAuthSnapshot(s.Name, TelemetryValues.Of(s.AuthState), s.AuthSince, AuthStates)).ToList(), counts, oldest);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            TelemetryLog.SnapshotFailed(logger, ex);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        do
        {
            await RefreshAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
