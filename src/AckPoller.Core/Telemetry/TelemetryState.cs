using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AckPoller.Core.Telemetry;

/// <summary>What the observable gauges report. Two kinds of source: this process's own observations (IDLE connections,
/// circuit breakers, successful polls), kept here as they happen, and snapshots read from the store by a
/// <see cref="ITelemetrySnapshotSource"/> (auth states, outbox), registered by the host that reads them. Several hosts
/// in one process (tests) each register their own source; a disposed registration stops reporting.</summary>
internal static class TelemetryState
{
    private static readonly ConcurrentDictionary<string, int> Idle = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<(string Server, string Purpose), int> CircuitStates = new();
    private static readonly ConcurrentDictionary<string, DateTimeOffset> LastSuccess = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<string, double> Intervals = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<ITelemetrySnapshotSource, byte> Sources = new();

    public static DateTimeOffset StartTime { get; } = DateTimeOffset.UtcNow;

    /// <summary>Declares an account (its IDLE gauge starts at 0 when IDLE is on; its last success starts at the process start).</summary>
    public static void DeclareAccount(string account, bool idle, TimeSpan? interval)
    {
        if (idle)
        {
            Idle.TryAdd(account, 0);
        }

        LastSuccess.TryAdd(account, StartTime);
        Intervals[account] = interval?.TotalSeconds ?? 0;
    }

    public static void IdleChanged(string account, bool connected) => Idle[account] = connected ? 1 : 0;

    public static void CircuitChanged(string server, string purpose, int state) => CircuitStates[(server, purpose)] = state;

    public static void PollSucceeded(string account, DateTimeOffset at) => LastSuccess[account] = at;

    public static IDisposable Register(ITelemetrySnapshotSource source)
    {
        Sources.TryAdd(source, 0);
        return new Registration(source);
    }

    internal static IEnumerable<Measurement<int>> AuthStates() =>
        Snapshots().SelectMany(s => s.Accounts).SelectMany(a => a.AllStates.Select(state =>
            new Measurement<int>(state == a.State ? 1 : 0, new("account", a.Account), new("state", state))));

    internal static IEnumerable<Measurement<double>> AuthStateAges() =>
        Snapshots().SelectMany(s => s.Accounts.Select(a => (s.Now, a))).Select(p =>
            new Measurement<double>(Math.Max(0, (p.Now - p.a.Since).TotalSeconds), new KeyValuePair<string, object?>("account", p.a.Account)));

    internal static IEnumerable<Measurement<int>> IdleConnections() =>
        Idle.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("account", p.Key)));

    internal static IEnumerable<Measurement<long>> OutboxCounts() =>
        Snapshots().Take(1).SelectMany(s => s.Outbox.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("state", p.Key))));

    internal static IEnumerable<Measurement<double>> OutboxOldestDue() =>
        Snapshots().Take(1).Select(s => new Measurement<double>(s.OldestDueSeconds));

    internal static IEnumerable<Measurement<int>> Circuits() =>
        CircuitStates.Select(p => new Measurement<int>(p.Value, new("server", p.Key.Server), new("purpose", p.Key.Purpose)));

    internal static IEnumerable<Measurement<double>> LastSuccessfulPolls() =>
        LastSuccess.Select(p => new Measurement<double>(p.Value.ToUnixTimeMilliseconds() / 1000.0, new KeyValuePair<string, object?>("account", p.Key)));

    internal static IEnumerable<Measurement<double>> PollIntervals() =>
        Intervals.Select(p => new Measurement<double>(p.Value, new KeyValuePair<string, object?>("account", p.Key)));

    private static List<TelemetrySnapshot> Snapshots() =>
        Sources.Keys.Select(s => s.Current).OfType<TelemetrySnapshot>().ToList();

    private sealed class Registration(ITelemetrySnapshotSource source) : IDisposable
    {
        public void Dispose() => Sources.TryRemove(source, out _);
    }
}

/// <summary>Supplies the latest store snapshot for the gauges (null before the first read).</summary>
internal interface ITelemetrySnapshotSource
{
    TelemetrySnapshot? Current { get; }
}

/// <summary>Auth state per account and the outbox, as last read from the store.</summary>
internal sealed record TelemetrySnapshot(DateTimeOffset Now, IReadOnlyList<AccountAuthSnapshot> Accounts, IReadOnlyDictionary<string, long> Outbox, double OldestDueSeconds);

/// <summary>One account's auth state (snake_case) since when, and every state name the gauge reports 0 or 1 for.</summary>
internal sealed record AccountAuthSnapshot(string Account, string State, DateTimeOffset Since, IReadOnlyList<string> AllStates);

/// <summary>An IDLE connection opened or closed: the gauge and the event counter.</summary>
internal static class IdleTelemetry
{
    public static void Changed(string account, bool connected)
    {
        TelemetryState.IdleChanged(account, connected);
        AckPollerMetrics.Idle(account, connected ? TelemetryValues.Connected : TelemetryValues.Disconnected);
    }
}
