using AckPoller.Core.Alerts;
using AckPoller.Core.Outbox;
using Microsoft.Data.Sqlite;

namespace AckPoller.Core.Storage.Sqlite;

/// <summary>One BEGIN IMMEDIATE transaction on its own connection; rolled back on dispose unless committed.</summary>
internal sealed class SqliteUnitOfWork : IUnitOfWork
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private bool _committed;

    public SqliteUnitOfWork(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public async Task<ProcessedMessage?> FindProcessedAsync(string account, string messageKey, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            SELECT account, message_key, message_id, outcome, reason, alert_id, processed_at
            FROM processed_messages WHERE account = $account AND message_key = $key
            """);
        command.Parameters.Add("$account", account);
        command.Parameters.Add("$key", messageKey);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ProcessedMessage(r.GetString(0), r.GetString(1), SqliteRows.Text(r, 2), Enum.Parse<AckOutcome>(r.GetString(3)), r.GetString(4),
            r.IsDBNull(5) ? null : r.GetInt64(5), StoreTime.Parse(r.GetString(6)));
    }

    public async Task InsertProcessedAsync(ProcessedMessage message, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            INSERT INTO processed_messages (account, message_key, message_id, outcome, reason, alert_id, processed_at)
            VALUES ($account, $key, $message_id, $outcome, $reason, $alert_id, $at)
            """);
        var p = command.Parameters;
        p.Add("$account", message.Account);
        p.Add("$key", message.MessageKey);
        p.Add("$message_id", message.MessageId);
        p.Add("$outcome", message.Outcome.ToString());
        p.Add("$reason", message.Reason);
        p.Add("$alert_id", message.AlertId);
        p.Add("$at", StoreTime.Format(message.ProcessedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<Alert?> FindAlertAsync(long id, CancellationToken cancellationToken) => FindAlertAsync("id = $v", id, cancellationToken);

    public Task<Alert?> FindAlertByReferenceAsync(AlertReference reference, CancellationToken cancellationToken) =>
        FindAlertAsync("reference = $v", reference.ToString(), cancellationToken);

    public Task<Alert?> FindAlertByMessageIdAsync(string messageId, CancellationToken cancellationToken) =>
        FindAlertAsync("message_id = $v", messageId, cancellationToken);

    public async Task<Alert> InsertAlertAsync(Alert alert, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            INSERT INTO alerts (reference, subject, body, severity, source, recipients, message_id, state, snoozed_until,
                                acknowledged_by, acknowledged_by_name, acknowledged_at, created_at, updated_at)
            VALUES ($reference, $subject, $body, $severity, $source, $recipients, $message_id, $state, $snoozed_until,
                    $acknowledged_by, $acknowledged_by_name, $acknowledged_at, $created_at, $updated_at)
            RETURNING id
            """);
        SqliteRows.BindAlert(command.Parameters, alert);
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return alert with { Id = id };
    }

    public async Task UpdateAlertStateAsync(Alert alert, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            UPDATE alerts SET state = $state, snoozed_until = $snoozed_until, acknowledged_by = $acknowledged_by,
                acknowledged_by_name = $acknowledged_by_name, acknowledged_at = $acknowledged_at, updated_at = $updated_at
            WHERE id = $id
            """);
        SqliteRows.BindAlert(command.Parameters, alert);
        command.Parameters.Add("$id", alert.Id);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new StoreException($"Alert {alert.Reference} (id {alert.Id}) does not exist.");
        }
    }

    public async Task<long> AppendAckLogAsync(AckLogEntry entry, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            INSERT INTO ack_log (alert_id, alert_reference, action, argument, actor_address, actor_name, received_at, processed_at,
                                 source_message_id, account, protocol, message_key, comment, outcome, reason)
            VALUES ($alert_id, $alert_reference, $action, $argument, $actor_address, $actor_name, $received_at, $processed_at,
                    $source_message_id, $account, $protocol, $message_key, $comment, $outcome, $reason)
            RETURNING id
            """);
        var p = command.Parameters;
        p.Add("$alert_id", entry.AlertId);
        p.Add("$alert_reference", entry.AlertReference?.ToString());
        p.Add("$action", entry.Action?.ToString());
        p.Add("$argument", entry.Argument);
        p.Add("$actor_address", entry.ActorAddress);
        p.Add("$actor_name", entry.ActorName);
        p.Add("$received_at", StoreTime.Format(entry.ReceivedAt));
        p.Add("$processed_at", StoreTime.Format(entry.ProcessedAt));
        p.Add("$source_message_id", entry.SourceMessageId);
        p.Add("$account", entry.Account);
        p.Add("$protocol", entry.Protocol);
        p.Add("$message_key", entry.MessageKey);
        p.Add("$comment", entry.Comment);
        p.Add("$outcome", entry.Outcome.ToString());
        p.Add("$reason", entry.Reason);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long> EnqueueOutboxAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        await using var command = Command(SqliteRows.InsertOutboxSql);
        SqliteRows.BindOutbox(command.Parameters, message);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<ExternalAlertLink?> FindExternalAlertAsync(string source, string key, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT alert_id, digest, matchers, updated_at FROM external_alerts WHERE source = $source AND key = $key");
        command.Parameters.Add("$source", source);
        command.Parameters.Add("$key", key);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken)
            ? new ExternalAlertLink(source, key, r.GetInt64(0), r.GetString(1), LabelJson.Read(r.GetString(2)), StoreTime.Parse(r.GetString(3)))
            : null;
    }

    public async Task SaveExternalAlertAsync(ExternalAlertLink link, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            INSERT INTO external_alerts (source, key, alert_id, digest, matchers, updated_at) VALUES ($source, $key, $alert_id, $digest, $matchers, $at)
            ON CONFLICT (source, key) DO UPDATE SET alert_id = excluded.alert_id, digest = excluded.digest, matchers = excluded.matchers,
                updated_at = excluded.updated_at,
                silence_id = CASE WHEN external_alerts.alert_id = excluded.alert_id THEN external_alerts.silence_id END,
                silence_until = CASE WHEN external_alerts.alert_id = excluded.alert_id THEN external_alerts.silence_until END,
                silence_error = CASE WHEN external_alerts.alert_id = excluded.alert_id THEN external_alerts.silence_error END
            """);
        var p = command.Parameters;
        p.Add("$source", link.Source);
        p.Add("$key", link.Key);
        p.Add("$alert_id", link.AlertId);
        p.Add("$digest", link.Digest);
        p.Add("$matchers", LabelJson.Write(link.Matchers));
        p.Add("$at", StoreTime.Format(link.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await _transaction.CommitAsync(cancellationToken);
        _committed = true;
        Telemetry.AckPollerMetrics.Database("commit", Telemetry.AckPollerMetrics.Since(started));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            try
            {
                await _transaction.RollbackAsync();
            }
            catch (SqliteException)
            {
                // SQLite may already have rolled back after an error; the connection is discarded either way.
            }
            catch (InvalidOperationException)
            {
                // Already completed.
            }
        }

        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private async Task<Alert?> FindAlertAsync(string condition, object value, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT {SqliteRows.AlertColumns} FROM alerts WHERE {condition}");
        command.Parameters.Add("$v", value);
        return await SqliteRows.ReadSingleAlertAsync(command, cancellationToken);
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }
}
