using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Integrations.Alertmanager;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary><see cref="IExternalSilenceStore"/> over ack_log, external_alerts and integration_cursors (PostgreSQL migration 10).</summary>
internal sealed class PostgreSqlExternalSilenceStore(IDatabaseConnectionFactory connections) : PostgreSqlStoreBase(connections), IExternalSilenceStore
{
    private const int MaxErrorLength = 2000;

    public async Task<IReadOnlyList<SilenceWork>> PendingAsync(string cursor, string source, int limit, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            "INSERT INTO integration_cursors (name, position) SELECT @cursor, COALESCE(MAX(id), 0) FROM ack_log ON CONFLICT (name) DO NOTHING",
            p => p.AddText("cursor", cursor),
            cancellationToken);
        return await ReadAsync(
            """
            SELECT l.id, l.action, l.argument, l.actor_address, l.comment, l.processed_at, l.alert_reference, e.key, e.matchers, e.silence_id
            FROM ack_log l JOIN external_alerts e ON e.alert_id = l.alert_id AND e.source = @source
            WHERE l.id > (SELECT position FROM integration_cursors WHERE name = @cursor)
              AND l.outcome = 'Applied' AND l.action IN ('Ack', 'Snooze', 'Unack', 'Resolve')
            ORDER BY l.id LIMIT @limit
            """,
            p =>
            {
                p.AddText("cursor", cursor);
                p.AddText("source", source);
                p.Add("limit", limit);
            },
            r => new SilenceWork(r.GetInt64(0), Enum.Parse<AckAction>(r.GetString(1)), PostgreSqlRows.Text(r, 2), PostgreSqlRows.Text(r, 3),
                PostgreSqlRows.Text(r, 4), PostgreSqlRows.Time(r, 5), PostgreSqlRows.Text(r, 6) is { } reference ? AlertReference.Parse(reference) : null,
                r.GetString(7), LabelJson.Read(r.GetString(8)), PostgreSqlRows.Text(r, 9)),
            cancellationToken);
    }

    public Task CompleteAsync(string cursor, long logId, string source, string key, ExternalSilence silence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silence);
        return WithCommandAsync(
            """
            UPDATE external_alerts SET silence_id = @id, silence_until = @until, silence_error = @error WHERE source = @source AND key = @key;
            INSERT INTO integration_cursors (name, position) VALUES (@cursor, @position)
            ON CONFLICT (name) DO UPDATE SET position = GREATEST(integration_cursors.position, excluded.position);
            """,
            p =>
            {
                p.AddText("id", silence.SilenceId);
                p.AddTime("until", silence.Until);
                p.AddText("error", silence.Error is { Length: > MaxErrorLength } error ? error[..MaxErrorLength] : silence.Error);
                p.AddText("source", source);
                p.AddText("key", key);
                p.AddText("cursor", cursor);
                p.AddBigint("position", logId);
            },
            // One command with two statements runs as one implicit transaction: the outcome and the cursor move together.
            c => c.ExecuteNonQueryAsync(cancellationToken),
            cancellationToken);
    }

    public async Task<ExternalSilence?> FindSilenceAsync(long alertId, CancellationToken cancellationToken) =>
        First(await ReadAsync(
            """
            SELECT silence_id, silence_until, silence_error FROM external_alerts
            WHERE alert_id = @alert AND (silence_id IS NOT NULL OR silence_error IS NOT NULL)
            ORDER BY updated_at DESC LIMIT 1
            """,
            p => p.AddBigint("alert", alertId),
            r => new ExternalSilence(PostgreSqlRows.Text(r, 0), PostgreSqlRows.TimeOrNull(r, 1), PostgreSqlRows.Text(r, 2)),
            cancellationToken));

    public Task<IReadOnlyList<ExternalAlertLink>> SilencedUnresolvedAsync(string source, CancellationToken cancellationToken) =>
        ReadAsync(
            """
            SELECT e.key, e.alert_id, e.digest, e.matchers, e.updated_at FROM external_alerts e JOIN alerts a ON a.id = e.alert_id
            WHERE e.source = @source AND e.silence_id IS NOT NULL AND a.state <> 'Resolved'
            ORDER BY e.alert_id LIMIT 1000
            """,
            p => p.AddText("source", source),
            r => new ExternalAlertLink(source, r.GetString(0), r.GetInt64(1), r.GetString(2), LabelJson.Read(r.GetString(3)), PostgreSqlRows.Time(r, 4)),
            cancellationToken);

}
