using AckPoller.Core.Alerts;
using AckPoller.Core.Configuration;
using AckPoller.Core.Integrations.Alertmanager;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary><see cref="IExternalSilenceStore"/> over ack_log, external_alerts and integration_cursors (migration 25).</summary>
internal sealed class SqliteExternalSilenceStore(IDatabaseConnectionFactory connections) : IExternalSilenceStore
{
    private const int MaxErrorLength = 2000;

    public async Task<IReadOnlyList<SilenceWork>> PendingAsync(string cursor, string source, int limit, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await connections.OpenAsync(cancellationToken);
        await using (var start = connection.CreateCommand())
        {
            start.CommandText = """
                INSERT INTO integration_cursors (name, position) SELECT $cursor, COALESCE(MAX(id), 0) FROM ack_log WHERE true
                ON CONFLICT (name) DO NOTHING
                """;
            start.Parameters.Add("$cursor", cursor);
            await start.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT l.id, l.action, l.argument, l.actor_address, l.comment, l.processed_at, l.alert_reference, e.key, e.matchers, e.silence_id
            FROM ack_log l JOIN external_alerts e ON e.alert_id = l.alert_id AND e.source = $source
            WHERE l.id > (SELECT position FROM integration_cursors WHERE name = $cursor)
              AND l.outcome = 'Applied' AND l.action IN ('Ack', 'Snooze', 'Unack', 'Resolve')
            ORDER BY l.id LIMIT $limit
            """;
        command.Parameters.Add("$cursor", cursor);
        command.Parameters.Add("$source", source);
        command.Parameters.Add("$limit", limit);
        var result = new List<SilenceWork>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            result.Add(new SilenceWork(r.GetInt64(0), Enum.Parse<AckAction>(r.GetString(1)), SqliteRows.Text(r, 2), SqliteRows.Text(r, 3),
                SqliteRows.Text(r, 4), StoreTime.Parse(r.GetString(5)), SqliteRows.Text(r, 6) is { } reference ? AlertReference.Parse(reference) : null,
                r.GetString(7), LabelJson.Read(r.GetString(8)), SqliteRows.Text(r, 9)));
        }

        return result;
    }

    public async Task CompleteAsync(string cursor, long logId, string source, string key, ExternalSilence silence, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE external_alerts SET silence_id = $id, silence_until = $until, silence_error = $error
                WHERE source = $source AND key = $key
                """;
            update.Parameters.Add("$id", silence.SilenceId);
            update.Parameters.Add("$until", silence.Until is { } until ? StoreTime.Format(until) : null);
            update.Parameters.Add("$error", silence.Error is { Length: > MaxErrorLength } error ? error[..MaxErrorLength] : silence.Error);
            update.Parameters.Add("$source", source);
            update.Parameters.Add("$key", key);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var move = connection.CreateCommand())
        {
            move.Transaction = transaction;
            move.CommandText = """
                INSERT INTO integration_cursors (name, position) VALUES ($cursor, $position)
                ON CONFLICT (name) DO UPDATE SET position = MAX(integration_cursors.position, excluded.position)
                """;
            move.Parameters.Add("$cursor", cursor);
            move.Parameters.Add("$position", logId);
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ExternalSilence?> FindSilenceAsync(long alertId, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT silence_id, silence_until, silence_error FROM external_alerts
            WHERE alert_id = $alert AND (silence_id IS NOT NULL OR silence_error IS NOT NULL)
            ORDER BY updated_at DESC LIMIT 1
            """;
        command.Parameters.Add("$alert", alertId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken)
            ? new ExternalSilence(SqliteRows.Text(r, 0), SqliteRows.Text(r, 1) is { } until ? StoreTime.Parse(until) : null, SqliteRows.Text(r, 2))
            : null;
    }

    public async Task<IReadOnlyList<ExternalAlertLink>> SilencedUnresolvedAsync(string source, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.key, e.alert_id, e.digest, e.matchers, e.updated_at FROM external_alerts e JOIN alerts a ON a.id = e.alert_id
            WHERE e.source = $source AND e.silence_id IS NOT NULL AND a.state <> 'Resolved'
            ORDER BY e.alert_id LIMIT 1000
            """;
        command.Parameters.Add("$source", source);
        var result = new List<ExternalAlertLink>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            result.Add(new ExternalAlertLink(source, r.GetString(0), r.GetInt64(1), r.GetString(2), LabelJson.Read(r.GetString(3)), StoreTime.Parse(r.GetString(4))));
        }

        return result;
    }
}
