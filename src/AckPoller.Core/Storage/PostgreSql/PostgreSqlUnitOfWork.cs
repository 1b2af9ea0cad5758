using AckPoller.Core.Alerts;
using AckPoller.Core.Outbox;
using Npgsql;

namespace AckPoller.Core.Storage.PostgreSql;

/// <summary>One READ COMMITTED transaction on its own connection; rolled back on dispose unless committed. It gives the
/// guarantees SQLite's single writer gives, per row instead of for the whole database:
/// <list type="bullet">
/// <item>an alert read here is locked (SELECT … FOR UPDATE) until commit, so a decision taken on it holds, and a second
/// transaction reading it waits and then sees the committed change;</item>
/// <item>looking up a processed message, or an alert by reference or Message-ID, first takes a transaction-level advisory
/// lock on that key, so two nodes handling the same message (or registering the same alert) run one after the other
/// and the second sees the first's rows instead of inserting twice.</item>
/// </list></summary>
internal sealed class PostgreSqlUnitOfWork : IUnitOfWork
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private bool _committed;

    public PostgreSqlUnitOfWork(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public async Task<ProcessedMessage?> FindProcessedAsync(string account, string messageKey, CancellationToken cancellationToken)
    {
        await LockKeyAsync("processed", account + "\n" + messageKey, cancellationToken);
        await using var command = Command("""
            SELECT account, message_key, message_id, outcome, reason, alert_id, processed_at
            FROM processed_messages WHERE account = @account AND message_key = @key
            """);
        command.Parameters.AddText("account", account);
        command.Parameters.AddText("key", messageKey);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ProcessedMessage(r.GetString(0), r.GetString(1), PostgreSqlRows.Text(r, 2), Enum.Parse<AckOutcome>(r.GetString(3)), r.GetString(4),
            r.IsDBNull(5) ? null : r.GetInt64(5), PostgreSqlRows.Time(r, 6));
    }

    public async Task InsertProcessedAsync(ProcessedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await LockKeyAsync("processed", message.Account + "\n" + message.MessageKey, cancellationToken);
        await using var command = Command("""
            INSERT INTO processed_messages (account, message_key, message_id, outcome, reason, alert_id, processed_at)
            VALUES (@account, @key, @message_id, @outcome, @reason, @alert_id, @at)
            """);
        var p = command.Parameters;
        p.AddText("account", message.Account);
        p.AddText("key", message.MessageKey);
        p.AddText("message_id", message.MessageId);
        p.AddText("outcome", message.Outcome.ToString());
        p.AddText("reason", message.Reason);
        p.AddBigint("alert_id", message.AlertId);
        p.AddTime("at", message.ProcessedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<Alert?> FindAlertAsync(long id, CancellationToken cancellationToken) =>
        FindAlertAsync("id = @v", p => p.AddBigint("v", id), cancellationToken);

    public async Task<Alert?> FindAlertByReferenceAsync(AlertReference reference, CancellationToken cancellationToken)
    {
        var value = reference.ToString();
        await LockKeyAsync("alert-reference", value, cancellationToken);
        return await FindAlertAsync("reference = @v", p => p.AddText("v", value), cancellationToken);
    }

    public async Task<Alert?> FindAlertByMessageIdAsync(string messageId, CancellationToken cancellationToken)
    {
        await LockKeyAsync("alert-message-id", messageId, cancellationToken);
        return await FindAlertAsync("message_id = @v", p => p.AddText("v", messageId), cancellationToken);
    }

    public async Task<Alert> InsertAlertAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var command = Command("""
            INSERT INTO alerts (reference, subject, body, severity, source, recipients, message_id, state, snoozed_until,
                                acknowledged_by, acknowledged_by_name, acknowledged_at, created_at, updated_at)
            VALUES (@reference, @subject, @body, @severity, @source, @recipients, @message_id, @state, @snoozed_until,
                    @acknowledged_by, @acknowledged_by_name, @acknowledged_at, @created_at, @updated_at)
            RETURNING id
            """);
        PostgreSqlRows.BindAlert(command.Parameters, alert);
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return alert with { Id = id };
    }

    public async Task UpdateAlertStateAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var command = Command("""
            UPDATE alerts SET state = @state, snoozed_until = @snoozed_until, acknowledged_by = @acknowledged_by,
                acknowledged_by_name = @acknowledged_by_name, acknowledged_at = @acknowledged_at, updated_at = @updated_at
            WHERE id = @id
            """);
        var p = command.Parameters;
        p.AddText("state", alert.State.ToString());
        p.AddTime("snoozed_until", alert.SnoozedUntil);
        p.AddText("acknowledged_by", alert.AcknowledgedBy);
        p.AddText("acknowledged_by_name", alert.AcknowledgedByName);
        p.AddTime("acknowledged_at", alert.AcknowledgedAt);
        p.AddTime("updated_at", alert.UpdatedAt);
        p.AddBigint("id", alert.Id);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new StoreException($"Alert {alert.Reference} (id {alert.Id}) does not exist.");
        }
    }

    public async Task<long> AppendAckLogAsync(AckLogEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = Command("""
            INSERT INTO ack_log (alert_id, alert_reference, action, argument, actor_address, actor_name, received_at, processed_at,
                                 source_message_id, account, protocol, message_key, comment, outcome, reason)
            VALUES (@alert_id, @alert_reference, @action, @argument, @actor_address, @actor_name, @received_at, @processed_at,
                    @source_message_id, @account, @protocol, @message_key, @comment, @outcome, @reason)
            RETURNING id
            """);
        var p = command.Parameters;
        p.AddBigint("alert_id", entry.AlertId);
        p.AddText("alert_reference", entry.AlertReference?.ToString());
        p.AddText("action", entry.Action?.ToString());
        p.AddText("argument", entry.Argument);
        p.AddText("actor_address", entry.ActorAddress);
        p.AddText("actor_name", entry.ActorName);
        p.AddTime("received_at", entry.ReceivedAt);
        p.AddTime("processed_at", entry.ProcessedAt);
        p.AddText("source_message_id", entry.SourceMessageId);
        p.AddText("account", entry.Account);
        p.AddText("protocol", entry.Protocol);
        p.AddText("message_key", entry.MessageKey);
        p.AddText("comment", entry.Comment);
        p.AddText("outcome", entry.Outcome.ToString());
        p.AddText("reason", entry.Reason);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long> EnqueueOutboxAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var command = Command(PostgreSqlRows.InsertOutboxSql);
        PostgreSqlRows.BindOutbox(command.Parameters, message);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<ExternalAlertLink?> FindExternalAlertAsync(string source, string key, CancellationToken cancellationToken)
    {
        // Two nodes receiving the same notification at once: the second waits here and then finds the first's link.
        await LockKeyAsync("external-alert", source + "\n" + key, cancellationToken);
        await using var command = Command("SELECT alert_id, digest, matchers, updated_at FROM external_alerts WHERE source = @source AND key = @key FOR UPDATE");
        command.Parameters.AddText("source", source);
        command.Parameters.AddText("key", key);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken)
            ? new ExternalAlertLink(source, key, r.GetInt64(0), r.GetString(1), LabelJson.Read(r.GetString(2)), PostgreSqlRows.Time(r, 3))
            : null;
    }

    public async Task SaveExternalAlertAsync(ExternalAlertLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        await using var command = Command("""
            INSERT INTO external_alerts (source, key, alert_id, digest, matchers, updated_at) VALUES (@source, @key, @alert_id, @digest, @matchers, @at)
            ON CONFLICT (source, key) DO UPDATE SET alert_id = excluded.alert_id, digest = excluded.digest, matchers = excluded.matchers,
                updated_at = excluded.updated_at,
                silence_id = CASE WHEN external_alerts.alert_id = excluded.alert_id THEN external_alerts.silence_id END,
                silence_until = CASE WHEN external_alerts.alert_id = excluded.alert_id THEN external_alerts.silence_until END,
                silence_error = CASE WHEN external_alerts.alert_id = excluded.alert_id THEN external_alerts.silence_error END
            """);
        var p = command.Parameters;
        p.AddText("source", link.Source);
        p.AddText("key", link.Key);
        p.AddBigint("alert_id", link.AlertId);
        p.AddText("digest", link.Digest);
        p.AddText("matchers", LabelJson.Write(link.Matchers));
        p.AddTime("at", link.UpdatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _transaction.CommitAsync(cancellationToken);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            try
            {
                await _transaction.RollbackAsync();
            }
            catch (NpgsqlException)
            {
                // The connection broke: the server rolls the transaction back by itself.
            }
            catch (InvalidOperationException)
            {
                // Already completed.
            }
        }

        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    /// <summary>A transaction-level advisory lock on (kind, key), released at commit or rollback. Distinct keys may share a
    /// hash; that only makes two unrelated transactions wait for each other.</summary>
    private async Task LockKeyAsync(string kind, string key, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT pg_advisory_xact_lock(hashtextextended(@lock_key, 0))");
        command.Parameters.AddText("lock_key", kind + "\n" + key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<Alert?> FindAlertAsync(string condition, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT {PostgreSqlRows.AlertColumns} FROM alerts WHERE {condition} FOR UPDATE");
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PostgreSqlRows.ReadAlert(reader) : null;
    }

    private NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction);
}
