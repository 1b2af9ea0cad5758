using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;

namespace AckPoller.Core.Integrations.Alertmanager;

/// <summary>An applied ack-log row on an alert linked to another system, still to be turned into a silence change there.</summary>
public sealed record SilenceWork(long LogId, AckAction Action, string? Argument, string? ActorAddress, string? Comment,
    DateTimeOffset ProcessedAt, AlertReference? Alert, string Key, IReadOnlyDictionary<string, string> Matchers, string? SilenceId);

/// <summary>The durable queue behind silences: the append-only ack log itself, read after a stored cursor. A row's effect
/// and the cursor move in one transaction, so an acknowledgement is acted on once, in order, whatever fails or restarts.</summary>
public interface IExternalSilenceStore
{
    /// <summary>Applied ack/snooze/unack/resolve rows after the cursor <paramref name="cursor"/> on alerts linked to
    /// <paramref name="source"/>, oldest first. A missing cursor starts at the end of the log (history is not replayed).</summary>
    Task<IReadOnlyList<SilenceWork>> PendingAsync(string cursor, string source, int limit, CancellationToken cancellationToken);

    /// <summary>Records the silence outcome for the link and moves the cursor to <paramref name="logId"/>.</summary>
    Task CompleteAsync(string cursor, long logId, string source, string key, ExternalSilence silence, CancellationToken cancellationToken);

    Task<ExternalSilence?> FindSilenceAsync(long alertId, CancellationToken cancellationToken);

    /// <summary>Links of <paramref name="source"/> whose alert is not resolved but has a silence: the other system sends
    /// no resolved notification for silenced alerts, so their end must be looked for.</summary>
    Task<IReadOnlyList<ExternalAlertLink>> SilencedUnresolvedAsync(string source, CancellationToken cancellationToken);
}
